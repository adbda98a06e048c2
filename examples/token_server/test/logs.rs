//! What the server logs: one line per event, request-derived text escaped,
//! user IDs in full, refused keys summed up, tokens never.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;

use crate::app;
use crate::support::{API_KEY, get_token, ok, state};

/// A log sink for one test: tracing's fmt output, as the example sets it
/// up, into a buffer.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    /// Collects every event at `filter` (a `RUST_LOG` value) while `run`
    /// runs on this thread (the test's current-thread runtime).
    pub async fn capture(filter: &str, run: impl Future<Output = ()>) -> String {
        let log = Log::default();
        let sink = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_target(false)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        run.await;
        String::from_utf8(log.0.lock().unwrap().clone()).unwrap()
    }
}

/// Two tokens, three refused queries (one forging a log line, one with
/// bidi and zero-width characters), six refused keys, then the summary the
/// server logs every minute.
async fn mixed_traffic() {
    let state = state();
    let router = app::router(state.clone());
    ok(&router, "user_id=alice").await;
    ok(&router, "user_id=back%5Cslash").await;
    for query in [
        "user_id=a&x%0AINFO%20issued%20a%20token=1",
        "user_id=a&%E2%80%AEtxt.exe%E2%80%8B=1",
        "user_id=%FF",
    ] {
        let answer = get_token(&router, query, Some(API_KEY)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    }
    for _ in 0..5 {
        let answer = get_token(&router, "user_id=a", Some("wrong")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let answer = get_token(&router, "user_id=%0A", None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    state.report_refused();
}

#[tokio::test]
async fn the_log_stays_one_line_per_event() {
    let log = Log::capture("info", mixed_traffic()).await;
    let lines: Vec<&str> = log.lines().collect();
    for line in &lines {
        assert!(
            line.chars().all(|c| c.is_ascii() && !c.is_control()) && line.len() < 300,
            "{line:?}"
        );
        assert!(
            !line.contains("04AAAA") && !line.contains("token\":"),
            "{line}"
        );
    }
    let count = |needle: &str| lines.iter().filter(|l| l.contains(needle)).count();
    // One line per token and per refused request; the forged text is
    // escaped inside its own line.
    assert_eq!(count(" INFO issued a token user_id="), 2, "{log}");
    assert_eq!(count(r#"user_id="alice""#), 1, "{log}");
    assert_eq!(count(r#"user_id="back\\slash""#), 1, "{log}");
    assert_eq!(count("refused a bad request"), 3, "{log}");
    assert_eq!(count(r#""x\nINFO issued a token""#), 1, "{log}");
    assert_eq!(count(r#""\u{202e}txt.exe\u{200b}""#), 1, "{log}");
    // Wrong keys: one summary line, not one WARN per request.
    let refused: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("without a valid API key"))
        .collect();
    assert_eq!(refused.len(), 1, "{log}");
    assert!(
        refused[0].contains("WARN") && refused[0].contains("count=6"),
        "{log}"
    );
    assert_eq!(lines.len(), 2 + 3 + 1, "{log}");

    // RUST_LOG=warn: nothing per request, only the summary of refusals.
    let log = Log::capture("warn", mixed_traffic()).await;
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(log.contains("count=6"), "{log}");
}

#[tokio::test]
async fn logged_user_ids_are_whole_so_none_log_alike() {
    // Two of the longest IDs ZEGO's clients accept (63 bytes), differing
    // only in their last byte.
    let first = "u".repeat(63);
    let second = format!("{}v", "u".repeat(62));
    let log = Log::capture("info", async {
        let router = app::router(state());
        ok(&router, &format!("user_id={first}")).await;
        ok(&router, &format!("user_id={second}")).await;
    })
    .await;
    assert!(log.contains(&format!("user_id=\"{first}\" ")), "{log}");
    assert!(log.contains(&format!("user_id=\"{second}\" ")), "{log}");
}
