//! Named checks, printed as they finish.

use std::future::Future;
use std::time::Instant;

#[derive(Default)]
pub struct Report {
    failed: bool,
}

impl Report {
    /// Runs one check and prints its line; returns its value, or `None` after
    /// a failure (later checks that need it are skipped by the caller).
    pub async fn check<T, F>(&mut self, name: &str, check: F) -> Option<T>
    where
        F: Future<Output = anyhow::Result<(T, String)>>,
    {
        let started = Instant::now();
        match check.await {
            Ok((value, figure)) => {
                let ms = started.elapsed().as_millis();
                if figure.is_empty() {
                    println!("ok   {name} ({ms} ms)");
                } else {
                    println!("ok   {name} ({figure}; {ms} ms)");
                }
                Some(value)
            }
            Err(e) => {
                println!("FAIL {name}: {e:#}");
                self.failed = true;
                None
            }
        }
    }

    pub fn exit_code(&self) -> std::process::ExitCode {
        if self.failed {
            std::process::ExitCode::FAILURE
        } else {
            std::process::ExitCode::SUCCESS
        }
    }
}
