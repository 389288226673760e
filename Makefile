# The two commands of the README: `make run` opens the app, `make test` runs every test.
# Both install what is missing first (scripts/setup.sh). Other targets are steps of those.

SHELL := /bin/bash
CARGO ?= cargo
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: run test setup setup-test ui app bindings check-bindings test-rust test-ui test-e2e package server bench-sync clean bench bench-smoke

run: setup ui
	$(CARGO) run --locked --bin rencontres

test: setup-test ui
	$(CARGO) build --locked --workspace --bins --tests
	$(MAKE) check-bindings test-ui test-rust test-e2e bench-smoke

setup:
	bash scripts/setup.sh run

setup-test:
	bash scripts/setup.sh test

ui:
	cd ui && npm run build

app: ui
	$(CARGO) build --locked --bin rencontres

# Regenerates ui/src/lib/bindings.ts from the Rust commands and types.
bindings:
	$(CARGO) run --locked --quiet --bin rencontres-bindings

# Fails when the committed bindings differ from what the Rust side generates.
check-bindings:
	$(CARGO) run --locked --quiet --bin rencontres-bindings -- --check

test-ui:
	cd ui && npm run check && npm test

test-rust:
	$(CARGO) test --workspace --locked

# The real app in its real webview, one test at a time, each on its own store and folders.
test-e2e:
	$(XVFB) $(CARGO) test --locked --test e2e -- --ignored --test-threads=1

# The central sync server on this machine, with a first secretariat account named $(ADMIN)
# (its password is asked once, or taken from RENCONTRES_PASSWORD). Data in ./server-data.
ADMIN ?= secretariat
server:
	$(CARGO) run --locked --release -p rencontres-server -- --listen 127.0.0.1:8787 --data server-data --bootstrap-user $(ADMIN)

# Sync figures over loopback: initial sync of 100,000 records, one round trip, 5 laptops x 1,000 edits.
bench-sync:
	$(CARGO) run --locked --release -p rencontres-sync-tests --bin sync-bench

# A .deb installer (the AppImage bundler downloads tools from the internet, so it is skipped).
package: setup ui
	ui/node_modules/.bin/tauri build --bundles deb

# Benchmarks at scale (crates/bench): prints one table and writes the same rows to
# <cargo target dir>/bench/latest.json. The network dataset (10,000 organisations, 100,000
# people, 1,000 events, 200,000 registrations, 5,000 best practices) is generated once and
# cached under <target>/bench/datasets. The real app is the release build, measured under Xvfb
# through tauri-driver; the sync rows come from sync-bench (tests/sync) against the real server.
bench: setup-test ui
	$(CARGO) build --locked --release --features custom-protocol --bin rencontres
	$(CARGO) build --locked --release -p rencontres-sync-tests --bin sync-bench
	$(XVFB) $(CARGO) run --locked --release -p rencontres-bench -- --size network

# The smallest dataset and a few iterations (debug build, under a minute once built): checks
# that every measurement runs, not what it measures. It measures the debug app that `make test`
# has just built, never a release build left over from an earlier `make bench` or `make package`.
bench-smoke:
	$(CARGO) build --locked --bin rencontres
	$(CARGO) build --locked -p rencontres-sync-tests --bin sync-bench
	$(XVFB) $(CARGO) run --locked --quiet -p rencontres-bench -- --smoke --app target/debug/rencontres

clean:
	$(CARGO) clean
	rm -rf ui/dist
