//! Redaction throughput: written in full by the guard bench work; a placeholder main so the
//! manifest resolves meanwhile.
fn main() {}
