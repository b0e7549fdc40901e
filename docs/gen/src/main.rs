//! `docs-gen`: write the documentation site's generated reference pages.
//!
//! ```text
//! docs-gen --site docs/site --cli PATH/TO/iuran [--dts bindings-wasm/pkg/web/iuran_wasm.d.ts]
//! ```
//!
//! Writes, in each book (`id`, `en`): `src/reference/reasons.md`, `rates.md`,
//! `sectors.md`, `cli.md` and, with `--dts`, `typescript.md`. These files are
//! git-ignored: the site build writes them every time.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use iuran_docs::{Lang, pages};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("docs-gen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut site = None;
    let mut cli = None;
    let mut dts = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("`{arg}` needs a value"))?;
        match arg.as_str() {
            "--site" => site = Some(PathBuf::from(value)),
            "--cli" => cli = Some(PathBuf::from(value)),
            "--dts" => dts = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    let site = site.ok_or("--site is required")?;
    let cli = cli.ok_or("--cli is required")?;
    let declarations = match &dts {
        Some(path) => {
            Some(std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let help = |args: &[&str]| -> String {
        let out = Command::new(&cli)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.display()));
        assert!(out.status.success(), "`iuran {}` failed", args.join(" "));
        String::from_utf8(out.stdout).expect("help is UTF-8")
    };
    for lang in Lang::ALL {
        let dir = site.join(lang.code()).join("src").join("reference");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut files = vec![
            ("reasons.md", pages::reasons(lang)),
            ("rates.md", pages::rates(lang)),
            ("sectors.md", pages::sectors(lang)),
            ("cli.md", pages::cli(lang, &help)),
        ];
        if let Some(d) = &declarations {
            files.push(("typescript.md", pages::typescript(lang, d)));
        }
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
