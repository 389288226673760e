//! The Overview page in the real app: the demo members on the offline map of Europe (Natural
//! Earth shapes drawn), one found by name and one selected by clicking its marker; members
//! counted by country; the dues chart once invoices exist.

use fantoccini::Locator;

use crate::harness::{App, PATIENCE};

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn members_are_found_on_the_map_of_europe_by_name_and_by_clicking_their_marker() {
    let app = App::start().await;
    app.click("load-demo").await;
    app.wait_texts("member-row", "the demo members", |rows| rows.len() > 10).await;

    app.click("nav-overview").await;
    let markers = app.wait_texts("map-marker", "markers on the map", |markers| markers.len() > 10).await;
    // The country shapes come from the bundled topology (no network): wait until they are drawn.
    let started = std::time::Instant::now();
    loop {
        let drawn: usize = app.find("europe-map").await.attr("data-countries").await.ok().flatten().and_then(|n| n.parse().ok()).unwrap_or(0);
        if drawn > 30 {
            break;
        }
        if started.elapsed() > PATIENCE {
            let problem = app.client.execute("return document.querySelector('.map .banner')?.textContent ?? 'no error shown'", vec![]).await;
            panic!("the map drew {drawn} countries: {problem:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let paths = app.client.find_all(Locator::Css("svg[data-testid=europe-map] path")).await.expect("paths");
    assert!(paths.len() > 30, "{} country shapes", paths.len());

    // Found by name (accents and case ignored), Enter selects it.
    app.fill("map-find", "porto\u{E007}").await;
    let selected = app.wait_texts("map-selected", "Porto selected", |s| s.len() == 1 && s[0].contains("Porto")).await;
    assert!(selected[0].contains("at Porto"), "placed at the city of Porto: {selected:?}");

    // Selected by clicking its marker: Rovaniemi, in Lapland, is drawn north of Porto and east of it.
    let marker = |name: &str| format!("[data-testid=map-marker][aria-label=\"{name}\"]");
    let rovaniemi = app.client.find(Locator::Css(&marker("Rovaniemi"))).await.expect("Rovaniemi's marker");
    let porto = app.client.find(Locator::Css(&marker("Porto"))).await.expect("Porto's marker");
    let at = |value: Option<String>| value.and_then(|v| v.parse::<f64>().ok()).expect("a coordinate");
    let (rx, ry) = (at(rovaniemi.attr("cx").await.expect("cx")), at(rovaniemi.attr("cy").await.expect("cy")));
    let (px, py) = (at(porto.attr("cx").await.expect("cx")), at(porto.attr("cy").await.expect("cy")));
    assert!(rx > px && ry < py, "Rovaniemi ({rx},{ry}) is north-east of Porto ({px},{py})");
    rovaniemi.click().await.expect("click Rovaniemi");
    app.wait_texts("map-selected", "Rovaniemi selected", |s| s.len() == 1 && s[0].contains("Rovaniemi")).await;

    // A region with no city of its name sits at its country's centre, and says so.
    app.fill("map-find", "Västerbotten\u{E007}").await;
    app.wait_texts("map-selected", "Västerbotten selected", |s| s.len() == 1 && s[0].contains("country")).await;

    // The selected member's page opens from the map.
    app.click("map-open-member").await;
    let started = std::time::Instant::now();
    while !app.value_of("field-name").await.contains("Västerbotten") {
        assert!(started.elapsed() < PATIENCE, "Västerbotten's page did not open");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Counted by country: Portugal has its members in the table.
    app.click("nav-overview").await;
    let countries = app.wait_texts("country-row", "members by country", |rows| rows.iter().any(|r| r.contains("Portugal"))).await;
    assert!(countries.len() > 5, "{countries:?}");
    assert_eq!(markers.len(), app.texts("map-marker").await.len());
    app.quit().await;
}
