"""Put the executed budget-planning notebook into both books.

nbconvert has just run the notebook and written it as Markdown (code, printed output,
tables as HTML, charts as PNG files in ``notebook_files/``). This writes
``src/notebook.md`` and ``src/notebook_files/`` in each book, under an introduction in
the book's language. The outputs are the ones computed now, never edited.

Usage: python docs/gen/notebook_page.py NOTEBOOK_MD IMAGES_PARENT SITE_DIR
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

INTRO = {
    "id": (
        "# Notebook perencanaan anggaran\n\n"
        "> Halaman ini adalah notebook `examples/notebooks/budget_planning.ipynb` yang "
        "**dijalankan ulang setiap kali situs dibangun**: setiap tabel dan grafik di bawah "
        "adalah keluaran pustaka inti saat itu, tidak pernah disunting tangan.\n\n"
        "Notebook ini merencanakan anggaran Kab. Tegal 2025 dari awal sampai akhir dengan "
        "paket Python `iuran`: membaca kebijakan dan daftar BNBA (3.000 baris sintetis), "
        "menilai setiap baris, menghitung mutu data, biaya per sektor, per sumber dana dan per "
        "bulan, kapasitas pagu, jadwal penyetoran, peta jalan cakupan Trenggalek, dan "
        "perbandingan skenario. Kode dan komentarnya berbahasa Inggris; langkah-langkah yang "
        "sama dijelaskan dalam Bahasa Indonesia di [Merencanakan anggaran](guide/budget.md).\n\n"
    ),
    "en": (
        "# The budget-planning notebook\n\n"
        "> This page is the notebook `examples/notebooks/budget_planning.ipynb`, "
        "**executed again each time the site is built**: every table and chart below is "
        "what the core computes now, never edited by hand.\n\n"
        "The notebook plans Kab. Tegal's 2025 budget end to end with the `iuran` Python "
        "package: it reads the policy and a BNBA list (3,000 synthetic rows), judges every "
        "row, and works out the data quality, the cost by sector, funding source and month, "
        "what the budgets buy, the payment schedule, Trenggalek's coverage roadmap and a "
        "comparison of scenarios. The same steps are explained in [Planning a "
        "budget](guide/budget.md).\n\n"
    ),
}


def main() -> None:
    markdown, images_parent, site = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    body = markdown.read_text(encoding="utf-8")
    # The notebook's own title is replaced by the page's.
    body = re.sub(r"\A\s*# [^\n]*\n", "", body)
    images = images_parent / "notebook_files"
    pictures = sorted(images.glob("*.png")) if images.is_dir() else []
    if not pictures:
        raise SystemExit("the executed notebook has no charts: nbconvert wrote no PNG")
    for lang, intro in INTRO.items():
        src = site / lang / "src"
        shutil.rmtree(src / "notebook_files", ignore_errors=True)
        shutil.copytree(images, src / "notebook_files")
        (src / "notebook.md").write_text(intro + body, encoding="utf-8")
    print(f"notebook page: {len(pictures)} charts")


if __name__ == "__main__":
    main()
