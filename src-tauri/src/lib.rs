//! The Tauri shell of Rencontres: opens the local store, registers the commands and starts
//! the window. Everything with behaviour lives in `rencontres-core`; this crate only wires it.

mod bulletin_sender;
mod commands;
mod error;
mod state;
mod sync_link;

use tauri::Manager;

/// The one list of commands, shared by the running app and the bindings generator.
fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        commands::startup,
        commands::load_demo_data,
        commands::decline_demo_data,
        commands::set_language,
        commands::countries,
        commands::list_organisations,
        commands::get_organisation,
        commands::create_organisation,
        commands::update_organisation,
        commands::delete_organisation,
        commands::list_people,
        commands::get_person,
        commands::create_person,
        commands::update_person,
        commands::delete_person,
        commands::undo,
        commands::history,
        commands::sync::sync_overview,
        commands::sync::sync_connect,
        commands::sync::sync_disconnect,
        commands::sync::sync_now,
        commands::sync::list_conflicts,
        commands::sync::resolve_conflict,
        commands::sync::sync_log,
        commands::dues::fee_schedule,
        commands::dues::ensure_fee_schedule,
        commands::dues::add_fee_band,
        commands::dues::update_fee_band,
        commands::dues::delete_fee_band,
        commands::dues::fee_for,
        commands::dues::preview_dues_run,
        commands::dues::issue_dues_run,
        commands::dues::invoices_of_year,
        commands::dues::invoices_of_member,
        commands::dues::record_payment,
        commands::dues::delete_payment,
        commands::dues::payments_of_invoice,
        commands::dues::member_balance,
        commands::dues::overdue_invoices,
        commands::dues::reminder_text,
        commands::dues::status_changes_due,
        commands::dues::apply_status_rules,
        commands::dues::dues_settings,
        commands::dues::set_dues_settings,
        commands::committee::committee,
        commands::committee::current_seats_of_person,
        commands::committee::add_seat,
        commands::committee::update_seat,
        commands::committee::end_seat,
        commands::committee::delete_seat,
        commands::applications::review_identity,
        commands::applications::list_applications,
        commands::applications::get_application,
        commands::applications::record_application,
        commands::applications::update_application,
        commands::applications::withdraw_application,
        commands::applications::choose_attachment,
        commands::applications::save_attachment_copy,
        commands::applications::application_timeline,
        commands::applications::assignment_panel,
        commands::applications::assign_reviewer,
        commands::applications::unassign_reviewer,
        commands::applications::auto_assign,
        commands::applications::review_settings,
        commands::applications::set_review_settings,
        commands::applications::my_reviews,
        commands::applications::reviews_for,
        commands::applications::save_review_draft,
        commands::applications::submit_review,
        commands::applications::decision_summary,
        commands::applications::decide_application,
        commands::applications::decision_letter,
        commands::applications::save_decision_letter,
        commands::import::choose_import_file,
        commands::import::import_preview,
        commands::import::import_check,
        commands::import::import_commit,
        commands::import::cancel_import,
        commands::import::export_list,
        commands::events::list_events,
        commands::events::get_event,
        commands::events::create_event,
        commands::events::update_event,
        commands::events::delete_event,
        commands::events::event_suggestions,
        commands::events::add_session,
        commands::events::update_session,
        commands::events::delete_session,
        commands::events::set_price_tier,
        commands::events::delete_price_tier,
        commands::events::list_registrations,
        commands::events::register,
        commands::events::register_new_contact,
        commands::events::cancel_registration,
        commands::events::set_payment,
        commands::events::set_needs,
        commands::events::override_tier,
        commands::events::event_badges,
        commands::events::check_in,
        commands::events::check_in_registration,
        commands::events::walk_in,
        commands::events::undo_last_check_in,
        commands::events::other_check_ins,
        commands::events::event_counters,
        commands::events::event_duplicates,
        commands::events::event_quorum,
        commands::events::device_name,
        commands::events::set_device_name,
        commands::events::export_attendees,
        commands::events::event_statistics,
        commands::events::year_statistics,
        commands::events::check_in_session,
        commands::events::session_attendance,
        commands::events::import_registrations,
        commands::practices::list_practices,
        commands::practices::get_practice,
        commands::practices::create_practice,
        commands::practices::update_practice,
        commands::practices::delete_practice,
        commands::practices::practice_countries,
        commands::practices::render_markdown,
        commands::practices::export_practice_catalogue,
        commands::bulletin::bulletin_status,
        commands::bulletin::record_bulletin_consent,
        commands::bulletin::unsubscribe_from_bulletin,
        commands::bulletin::bulletin_recipients,
        commands::bulletin::export_bulletin_recipients,
        commands::bulletin::mail_settings,
        commands::bulletin::set_mail_settings,
        commands::bulletin::bulletin_issues,
        commands::bulletin::create_issue,
        commands::bulletin::update_issue,
        commands::bulletin::delete_issue,
        commands::bulletin::preview_issue,
        commands::bulletin::send_issue,
        commands::bulletin::pause_sending,
        commands::bulletin::sending_issue,
        commands::bulletin::issue_deliveries,
        commands::bulletin::retry_uncertain,
        commands::publications::list_publications,
        commands::publications::create_publication,
        commands::publications::update_publication,
        commands::publications::delete_publication,
        commands::publications::attach_publication_file,
        commands::publications::save_publication_file,
        commands::grants::list_grants,
        commands::grants::create_grant,
        commands::grants::update_grant,
        commands::grants::delete_grant,
        commands::grants::grant_reminders,
        commands::grants::partners,
        commands::documents::association_details,
        commands::documents::set_association_details,
        commands::documents::save_invoice_pdf,
        commands::documents::save_reminder_pdf,
        commands::documents::save_event_badges,
        commands::documents::save_registration_badge,
        commands::documents::save_events_calendar,
        commands::documents::save_attendees_pdf,
        commands::overview::overview,
        commands::gdpr::export_person_data,
        commands::gdpr::erase_person,
        commands::gdpr::gdpr_settings,
        commands::gdpr::set_gdpr_settings,
        commands::gdpr::inactive_contacts,
    ])
    // The payload of the "import-progress" event, which no command returns.
    .typ::<commands::import::ImportProgress>()
    // The payloads of the e-bulletin's "bulletin-progress" and "bulletin-finished" events.
    .typ::<rencontres_core::bulletin::sending::SendProgress>()
    .typ::<bulletin_sender::SendFinished>()
}

/// The TypeScript bindings (`ui/src/lib/bindings.ts`) as the Rust definitions describe them.
pub fn bindings_typescript() -> anyhow::Result<String> {
    let dir = tempdir_path();
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("bindings.ts");
    specta_builder().export(
        specta_typescript::Typescript::default()
            // Populations, counts and versions stay far below 2^53: plain JSON numbers.
            .bigint(specta_typescript::BigIntExportBehavior::Number)
            .header("// Generated by `make bindings` from the Rust commands. Do not edit.\n// @ts-nocheck\n"),
        &file,
    )?;
    let text = std::fs::read_to_string(&file)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}

fn tempdir_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("rencontres-bindings-{}", std::process::id()))
}

pub fn run() {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(|app| {
            let data_dir = app.path().app_data_dir().ok();
            let config_dir = app.path().app_config_dir().ok();
            let state = state::AppState::open(data_dir, config_dir);
            if state.store.is_ok() {
                state.link.start(app.handle().clone());
            }
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Rencontres could not start: {error}");
        std::process::exit(1);
    }
}
