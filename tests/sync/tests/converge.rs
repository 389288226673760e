//! Property: whatever the laptops do offline, in whatever order they sync, with whatever
//! faults on the way, once every laptop has synced twice more without faults they hold
//! identical stores, and every member any laptop created and nobody deleted is there.

use proptest::prelude::*;
use rencontres_core::sync::Transport;
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, Fault, Faulty, Laptop, TestServer};

const LAPTOPS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Create { laptop: usize },
    Rename { laptop: usize, pick: usize, name: u8 },
    SetPopulation { laptop: usize, pick: usize, population: u32 },
    Note { laptop: usize, pick: usize, note: u8 },
    Delete { laptop: usize, pick: usize },
    Sync { laptop: usize, fault: Option<Fault> },
    /// Pulls one small page without pushing first, so pulls meet local edits still waiting.
    PullPage { laptop: usize },
}

fn fault() -> impl Strategy<Value = Option<Fault>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some(Fault::DropRequest)),
        1 => Just(Some(Fault::LoseResponse)),
        1 => Just(Some(Fault::Repeat)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let laptop = 0..LAPTOPS;
    prop_oneof![
        2 => laptop.clone().prop_map(|laptop| Op::Create { laptop }),
        2 => (laptop.clone(), any::<usize>(), 0u8..4).prop_map(|(laptop, pick, name)| Op::Rename { laptop, pick, name }),
        2 => (laptop.clone(), any::<usize>(), 0u32..1000).prop_map(|(laptop, pick, population)| Op::SetPopulation { laptop, pick, population }),
        1 => (laptop.clone(), any::<usize>(), 0u8..4).prop_map(|(laptop, pick, note)| Op::Note { laptop, pick, note }),
        1 => (laptop.clone(), any::<usize>()).prop_map(|(laptop, pick)| Op::Delete { laptop, pick }),
        3 => (laptop.clone(), fault()).prop_map(|(laptop, fault)| Op::Sync { laptop, fault }),
        1 => laptop.prop_map(|laptop| Op::PullPage { laptop }),
    ]
}

/// The live organisations a laptop can edit, in id order.
fn live(laptop: &Laptop) -> Vec<String> {
    laptop
        .store
        .replica_state()
        .expect("state")
        .into_iter()
        .filter(|r| !r.deleted)
        .map(|r| r.id)
        .collect()
}

fn run(ops: &[Op]) -> anyhow::Result<()> {
    let server = TestServer::start()?;
    let mut laptops = Vec::new();
    for i in 0..LAPTOPS {
        let name = format!("user{i}");
        server.add_user(&name, Role::Secretariat)?;
        laptops.push(Laptop::new(&server, &name)?);
    }
    let mut created = Vec::new();
    for op in ops {
        match *op {
            Op::Create { laptop } => {
                let n = created.len();
                created.push(laptops[laptop].store.create_organisation(&city(&format!("Ville {n}")))?.id);
            }
            Op::Rename { laptop, pick, name } | Op::Note { laptop, pick, note: name } => {
                let ids = live(&laptops[laptop]);
                let Some(id) = ids.get(pick % ids.len().max(1)) else { continue };
                let mut fields = laptops[laptop].store.organisation(id)?.fields;
                if matches!(op, Op::Rename { .. }) {
                    fields.name = format!("Name {name}");
                } else {
                    fields.notes = format!("Note {name} by {laptop}");
                }
                laptops[laptop].store.update_organisation(id, &fields)?;
            }
            Op::SetPopulation { laptop, pick, population } => {
                let ids = live(&laptops[laptop]);
                let Some(id) = ids.get(pick % ids.len().max(1)) else { continue };
                let mut fields = laptops[laptop].store.organisation(id)?.fields;
                fields.population = Some(i64::from(population));
                laptops[laptop].store.update_organisation(id, &fields)?;
            }
            Op::Delete { laptop, pick } => {
                let ids = live(&laptops[laptop]);
                let Some(id) = ids.get(pick % ids.len().max(1)) else { continue };
                laptops[laptop].store.delete_organisation(id)?;
            }
            Op::Sync { laptop, fault } => {
                let transport = Faulty::new(laptops[laptop].transport(), fault);
                // A fault may fail this sync; the next one must make up for it.
                let _ = laptops[laptop].store.sync(&transport as &dyn Transport);
            }
            Op::PullPage { laptop } => {
                let transport = laptops[laptop].transport();
                let waiting = laptops[laptop].store.outbox_len()?;
                laptops[laptop].store.pull_page(&transport, 3)?;
                anyhow::ensure!(laptops[laptop].store.outbox_len()? <= waiting, "a pull never adds to the outbox");
            }
        }
    }
    for _ in 0..2 {
        for laptop in &mut laptops {
            laptop.sync()?;
        }
    }
    let first = laptops[0].store.replica_state()?;
    for laptop in &laptops[1..] {
        prop_assert_eq_anyhow(&first, &laptop.store.replica_state()?)?;
        anyhow::ensure!(laptop.store.outbox_len()? == 0, "every change was acknowledged");
    }
    for id in &created {
        anyhow::ensure!(first.iter().any(|r| &r.id == id), "created member {id} was lost");
    }
    let conflicts = laptops[0].store.conflicts()?.len();
    for laptop in &laptops[1..] {
        anyhow::ensure!(laptop.store.conflicts()?.len() == conflicts, "every laptop holds the same conflicts");
    }
    Ok(())
}

fn prop_assert_eq_anyhow<T: PartialEq + std::fmt::Debug>(a: &T, b: &T) -> anyhow::Result<()> {
    anyhow::ensure!(a == b, "replicas differ:\n{a:#?}\n{b:#?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_offline_edits_on_three_laptops_with_random_syncs_and_faults_converge(ops in proptest::collection::vec(op(), 1..40)) {
        if let Err(error) = run(&ops) {
            return Err(TestCaseError::fail(format!("{error:#}")));
        }
    }
}
