//! The language of reasons, from an `Accept-Language` header.

use iuran::Lang;

/// The language a client asks for: the `id` or `en` tag with the highest weight
/// (`en-US` counts as `en`), Indonesian when it names neither.
///
/// ```
/// use iuran::Lang;
/// use iuran_service::from_accept_language;
/// assert_eq!(from_accept_language(Some("en-GB,en;q=0.9")), Lang::En);
/// assert_eq!(from_accept_language(Some("fr, en;q=0.5, id;q=0.8")), Lang::Id);
/// assert_eq!(from_accept_language(Some("de")), Lang::Id);
/// assert_eq!(from_accept_language(None), Lang::Id);
/// ```
pub fn from_accept_language(header: Option<&str>) -> Lang {
    let mut best: Option<(u32, Lang)> = None;
    for item in header.unwrap_or("").split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::parse(primary).filter(|_| primary.len() == 2) else {
            continue;
        };
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), weight);
        match weight {
            Some(w) if w > 0 && best.is_none_or(|(b, _)| w > b) => best = Some((w, lang)),
            _ => {}
        }
    }
    best.map_or(Lang::Id, |(_, lang)| lang)
}

/// A `q` value (`1`, `0.8`, `0.125`) in thousandths; `None` when it is not one.
fn weight(text: &str) -> Option<u32> {
    let (int, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole = match int {
        "0" => 0,
        "1" if frac.bytes().all(|b| b == b'0') => 1000,
        _ => return None,
    };
    let thousandths = format!("{frac:0<3}").parse::<u32>().ok()?;
    Some(whole + thousandths)
}
