//! Log capture: a writer that keeps what a `tracing` subscriber writes, so that an eval run (and
//! a test) can prove what never reached a log line, at whatever level it records.

use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// A subscriber at TRACE for every crate, writing here without colour codes.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + use<> {
        tracing_subscriber::fmt()
            .with_env_filter("trace")
            .with_ansi(false)
            .with_writer(self.make_writer())
            .finish()
    }

    /// What a `fmt` layer writes to, for a subscriber built elsewhere.
    pub fn make_writer(&self) -> impl Fn() -> Captured + Send + Sync + 'static + use<> {
        let writer = self.clone();
        move || writer.clone()
    }

    pub fn text(&self) -> String {
        // A writer that panicked mid-line leaves the lines before it: still worth reading.
        let bytes = match self.0.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.lock() {
            Ok(mut b) => b.extend_from_slice(buf),
            Err(poisoned) => poisoned.into_inner().extend_from_slice(buf),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
