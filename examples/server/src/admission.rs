//! Who gets served: the waiting room for connections that have not sent a
//! byte yet, the per-client cap, and the fast 503 for those shed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// Connections that have connected but sent nothing, at most `capacity` at
/// once: entering evicts the connection that entered `capacity` arrivals
/// earlier, if it is still waiting (it is the one that has waited longest).
/// So a flood of silent sockets only ever closes its own oldest members,
/// and a real client, which sends its request as soon as it connects, is
/// never the oldest for long. O(1) per arrival.
#[derive(Debug)]
pub(crate) struct WaitingRoom {
    ring: Mutex<Ring>,
}

#[derive(Debug)]
struct Ring {
    next: usize,
    seats: Vec<Option<oneshot::Sender<()>>>,
}

/// A seat in the [`WaitingRoom`]: completes when the connection is evicted.
/// Dropping it (the connection sent its first byte, or left) frees it.
pub(crate) type Seat = oneshot::Receiver<()>;

impl WaitingRoom {
    pub(crate) fn new(capacity: usize) -> Self {
        let seats = std::iter::repeat_with(|| None)
            .take(capacity.max(1))
            .collect();
        WaitingRoom {
            ring: Mutex::new(Ring { next: 0, seats }),
        }
    }

    /// Takes the next seat, evicting whoever still waits in it.
    pub(crate) fn enter(&self) -> Seat {
        let (seat, evict) = oneshot::channel();
        let mut ring = self.ring.lock().unwrap_or_else(PoisonError::into_inner);
        let index = ring.next;
        ring.next = (index + 1) % ring.seats.len();
        if let Some(previous) = ring.seats[index].replace(seat) {
            // Fails when that connection has left already: nobody to evict.
            let _ = previous.send(());
        }
        evict
    }
}

/// The key a client is counted under: an IPv4 address, or the /64 an IPv6
/// address is in (one host usually has a whole /64).
pub(crate) fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
    }
}

/// Connections being served per client, when capped.
#[derive(Debug)]
pub(crate) struct Clients {
    cap: Option<usize>,
    counts: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One served connection of a client; dropping it gives the place back.
#[derive(Debug)]
pub(crate) struct ClientPlace {
    key: IpAddr,
    counts: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Clients {
    pub(crate) fn new(cap: Option<usize>) -> Self {
        Clients {
            cap,
            counts: Arc::default(),
        }
    }

    /// `Ok(None)` when there is no cap; `Err(())` when the client is at it.
    pub(crate) fn admit(&self, ip: IpAddr) -> Result<Option<ClientPlace>, ()> {
        let Some(cap) = self.cap else {
            return Ok(None);
        };
        let key = client_key(ip);
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(key).or_insert(0);
        if *count >= cap {
            return Err(());
        }
        *count += 1;
        Ok(Some(ClientPlace {
            key,
            counts: Arc::clone(&self.counts),
        }))
    }
}

impl Drop for ClientPlace {
    fn drop(&mut self) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

/// What happened to connections that were not served normally, summed up
/// in one log line now and then rather than a line each (an attacker
/// could otherwise fill the log).
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Shed with a 503: every slot was taken.
    pub(crate) busy: AtomicU64,
    /// Shed with a 503: the client was at its cap.
    pub(crate) client_capped: AtomicU64,
    /// Closed without a byte received: evicted from the waiting room, or
    /// past the first-byte deadline.
    pub(crate) silent: AtomicU64,
    /// Reset because the client stopped reading its responses.
    pub(crate) write_timeouts: AtomicU64,
}

impl Tally {
    pub(crate) fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Logs and resets the counts, if any is non-zero.
    pub(crate) fn report(&self) {
        let take = |counter: &AtomicU64| counter.swap(0, Ordering::Relaxed);
        let (busy, client_capped, silent, write_timeouts) = (
            take(&self.busy),
            take(&self.client_capped),
            take(&self.silent),
            take(&self.write_timeouts),
        );
        if busy + client_capped + silent + write_timeouts > 0 {
            tracing::warn!(
                busy,
                client_capped,
                silent,
                write_timeouts,
                "connections shed or closed early"
            );
        }
    }
}

/// The answer to a shed connection: the JSON error shape of
/// [`ApiError`](crate::ApiError), asking the client to retry.
pub const BUSY_RESPONSE: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/json\r\n\
content-length: 49\r\n\
retry-after: 1\r\n\
connection: close\r\n\
\r\n\
{\"error\":\"the server is busy: try again shortly\"}";

/// Sheds a connection without waiting on the client: reads what it has
/// already sent (so closing does not reset the connection and discard the
/// answer), writes [`BUSY_RESPONSE`] if the socket takes it at once, and
/// closes.
pub(crate) fn shed(stream: TcpStream) {
    let mut buf = [0u8; 1024];
    for _ in 0..16 {
        match stream.try_read(&mut buf) {
            Ok(n) if n == buf.len() => continue,
            _ => break,
        }
    }
    let _ = stream.try_write(BUSY_RESPONSE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_response_is_well_formed() {
        let text = std::str::from_utf8(BUSY_RESPONSE).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"], "the server is busy: try again shortly");
    }

    #[test]
    fn the_waiting_room_evicts_the_longest_waiting() {
        let room = WaitingRoom::new(3);
        let mut first = room.enter();
        let second = room.enter();
        let mut third = room.enter();
        drop(second); // sent its first byte
        assert!(first.try_recv().is_err());
        let mut fourth = room.enter();
        assert!(first.try_recv().is_ok());
        // The second's seat is free already: taking it evicts nobody.
        let _fifth = room.enter();
        assert!(third.try_recv().is_err() && fourth.try_recv().is_err());
        let _sixth = room.enter();
        assert!(third.try_recv().is_ok() && fourth.try_recv().is_err());
    }

    #[test]
    fn clients_are_capped_per_address_and_ipv6_slash_64() {
        let clients = Clients::new(Some(2));
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let a = clients.admit(ip("192.0.2.1")).unwrap();
        let b = clients.admit(ip("::ffff:192.0.2.1")).unwrap();
        assert!(clients.admit(ip("192.0.2.1")).is_err());
        assert!(clients.admit(ip("192.0.2.2")).is_ok());
        drop(a);
        assert!(clients.admit(ip("192.0.2.1")).is_ok());
        drop(b);

        let c = clients.admit(ip("2001:db8::1")).unwrap();
        let d = clients.admit(ip("2001:db8::ffff:2")).unwrap();
        assert!(clients.admit(ip("2001:db8:0:0:1::3")).is_err());
        assert!(clients.admit(ip("2001:db8:0:1::1")).is_ok());
        drop((c, d));
        assert!(clients.counts.lock().unwrap().is_empty());

        assert!(Clients::new(None).admit(ip("192.0.2.1")).unwrap().is_none());
    }
}
