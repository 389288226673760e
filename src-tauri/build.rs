fn main() {
    // The UI is embedded from ui/dist: rebuild when its files appear, change or go away.
    println!("cargo:rerun-if-changed=ui/dist");
    tauri_build::build()
}
