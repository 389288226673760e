//! Writes the TypeScript bindings of every command and type to `ui/src/lib/bindings.ts`,
//! or with `--check`, fails when the committed file differs from what the Rust side says.

use anyhow::{bail, Context};

fn main() -> anyhow::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let fresh = rencontres_app::bindings_typescript()?;
    if std::env::args().any(|a| a == "--check") {
        let committed = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        if committed != fresh {
            bail!(
                "{} is out of date with the Rust commands: run `make bindings` and commit it",
                path.display()
            );
        }
        println!("bindings up to date: {}", path.display());
    } else {
        std::fs::write(&path, fresh).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
