fn main() {
    // The default theme is built into the binary (src/theme.rs): rebuild when it changes.
    println!("cargo:rerun-if-changed=themes/default");
}
