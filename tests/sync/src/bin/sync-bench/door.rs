//! The door through the real server: one check-in pushed and acknowledged, and four laptops
//! scanning at once, each pushing every scan as soon as it is made (as the app's sync worker
//! does), counting errors and check-ins the office never receives.

use std::time::{Duration, Instant};

use rencontres_core::events::checkins::CheckInOutcome;
use rencontres_core::events::registrations::RegistrationRequest;
use rencontres_core::events::{EventInput, EventKind, EventStatus};
use rencontres_core::sync::Transport;
use rencontres_protocol::Role;
use rencontres_sync_tests::{Laptop, TestServer};

pub const LAPTOPS: usize = 4;

pub struct Door {
    /// Each single check-in's time from the scan to the server's acknowledgement.
    pub pushes: Vec<Duration>,
    pub together: Duration,
    pub scans: usize,
    pub errors: usize,
    pub lost: usize,
}

fn event(organisers: Vec<String>) -> EventInput {
    EventInput {
        kind: EventKind::GeneralAssembly,
        title: "General Assembly 2027".into(),
        city: "Évora".into(),
        country: "PT".into(),
        venue: String::new(),
        starts_on: "2027-05-12".into(),
        ends_on: "2027-05-14".into(),
        capacity: None,
        status: EventStatus::Open,
        organisers,
        notes: String::new(),
    }
}

/// `single_pushes` check-ins pushed one by one, then `badges` scanned by four laptops at once.
pub fn run(single_pushes: usize, badges: usize) -> anyhow::Result<Door> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    let names: Vec<String> = (0..LAPTOPS).map(|i| format!("door{i}")).collect();
    for name in &names {
        server.add_user(name, Role::Organiser)?;
    }
    let mut office = Laptop::new(&server, "office")?;
    let ga = office.store.create_event(&event(names.clone()))?;
    let mut codes = Vec::with_capacity(badges + single_pushes);
    for i in 0..badges + single_pushes {
        let request = RegistrationRequest {
            event_id: ga.id.clone(),
            first_name: "Guest".into(),
            last_name: format!("Number {i}"),
            organisation_name: "Somewhere".into(),
            country: "FR".into(),
            ..Default::default()
        };
        codes.push(office.store.register(&request)?.badge_code);
    }
    office.sync()?;
    let mut laptops = Vec::with_capacity(LAPTOPS);
    for name in &names {
        let mut laptop = Laptop::new(&server, name)?;
        laptop.sync()?;
        laptops.push(laptop);
    }

    // One check-in, then its push until the server has acknowledged it.
    let (single, shared) = codes.split_at(single_pushes);
    let mut times = Vec::with_capacity(single_pushes);
    {
        let first = &mut laptops[0];
        let transport = first.transport();
        for code in single {
            let started = Instant::now();
            let outcome = first.store.check_in(&ga.id, code, false)?;
            anyhow::ensure!(matches!(outcome, CheckInOutcome::Green { .. }), "not green: {outcome:?}");
            first.store.push_batch(&transport as &dyn Transport, 500)?;
            times.push(started.elapsed());
            anyhow::ensure!(first.store.outbox_len()? == 0, "the check-in was acknowledged");
        }
    }

    // Four laptops, each its share of the badges, every scan synced (push and pull) at once.
    let started = Instant::now();
    let results: Vec<(usize, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = laptops
            .iter_mut()
            .enumerate()
            .map(|(n, laptop)| {
                let event_id = ga.id.clone();
                let mine: Vec<String> = shared.iter().skip(n).step_by(LAPTOPS).cloned().collect();
                scope.spawn(move || {
                    let (mut scanned, mut errors) = (0, 0);
                    for code in &mine {
                        match laptop.store.check_in(&event_id, code, false) {
                            Ok(CheckInOutcome::Green { .. }) => scanned += 1,
                            _ => errors += 1,
                        }
                        if laptop.sync().is_err() {
                            errors += 1;
                        }
                    }
                    // Whatever a failed round left behind goes with a last sync.
                    if laptop.sync().is_err() {
                        errors += 1;
                    }
                    (scanned, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or((0, 1))).collect()
    });
    let together = started.elapsed();
    let scans: usize = results.iter().map(|r| r.0).sum();
    let errors: usize = results.iter().map(|r| r.1).sum();
    office.sync()?;
    let present = office.store.counters(&ga.id)?.present as usize;
    let lost = (badges + single_pushes).saturating_sub(present);
    Ok(Door {
        pushes: times,
        together,
        scans,
        errors,
        lost,
    })
}
