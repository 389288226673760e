//! The e-bulletin unsubscribe page every message links to. GET shows a page with one button
//! (link checkers and mail scanners fetch links: a GET must change nothing); POST, from that
//! button or from a mail program's one-click unsubscribe (RFC 8058), records it. Answers are
//! small self-contained HTML pages in English and French; an unknown token gets a 404 page
//! that does not say whether it ever existed.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{blocking, ApiError, AppState};
use crate::storage::Unsubscribe;

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d2330;line-height:1.5}}\
         button{{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #1f4e99;background:#1f4e99;color:#fff;cursor:pointer}}\
         .fr{{color:#555}}</style></head>\n<body>\n{body}\n</body>\n</html>\n"
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // The token is in the address: never hand it to another site, never cache it.
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
        ],
        html,
    )
        .into_response()
}

fn unknown() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Link not valid",
        "<h1>This link is not valid</h1><p>It may be incomplete: copy the whole address from the e-mail, or reply to the e-mail to ask to be removed.</p>\
         <p class=\"fr\">Ce lien n’est pas valide. Il est peut-être incomplet : copiez toute l’adresse depuis l’e-mail, ou répondez à l’e-mail pour demander votre désinscription.</p>",
    )
}

fn done() -> Response {
    page(
        StatusCode::OK,
        "Unsubscribed",
        "<h1 data-state=\"unsubscribed\">You are unsubscribed</h1><p>You will receive no more e-bulletins from us.</p>\
         <p class=\"fr\">Vous êtes désabonné·e : vous ne recevrez plus notre lettre d’information.</p>",
    )
}

pub(super) async fn confirm_page(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    let storage = state.storage.clone();
    let lookup = token.clone();
    Ok(match blocking(move || storage.unsubscribe_lookup(&lookup)).await? {
        Unsubscribe::Unknown => unknown(),
        Unsubscribe::AlreadyOut => done(),
        Unsubscribe::Subscribed => page(
            StatusCode::OK,
            "Unsubscribe",
            "<h1>Unsubscribe from the e-bulletin?</h1><p class=\"fr\">Se désabonner de la lettre d’information ?</p>\
             <form method=\"post\"><button type=\"submit\">Unsubscribe / Me désabonner</button></form>",
        ),
    })
}

pub(super) async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    let storage = state.storage.clone();
    Ok(match blocking(move || storage.unsubscribe(&token)).await? {
        Unsubscribe::Unknown => unknown(),
        Unsubscribe::Subscribed => {
            tracing::info!("e-bulletin unsubscribe recorded");
            done()
        }
        Unsubscribe::AlreadyOut => done(),
    })
}
