//! The write deadline: the connection's socket behind tokio-io-timeout's
//! write timeout, reset with RST when it fires.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_io_timeout::TimeoutStream;

use crate::admission::Tally;

/// A client socket whose writes may stay blocked (the client not reading,
/// its receive window full) for `write_timeout` at most; then writing fails
/// with `TimedOut`, which ends hyper's connection. The socket is then reset
/// rather than closed, so the kernel drops the unsent responses at once
/// instead of holding them for a client that does not read.
#[derive(Debug)]
pub(crate) struct DeadlineIo {
    inner: Pin<Box<TimeoutStream<TcpStream>>>,
    tally: Arc<Tally>,
}

impl DeadlineIo {
    pub(crate) fn new(stream: TcpStream, write_timeout: Duration, tally: Arc<Tally>) -> Self {
        let mut inner = TimeoutStream::new(stream);
        inner.set_write_timeout(Some(write_timeout));
        DeadlineIo {
            inner: Box::pin(inner),
            tally,
        }
    }

    fn on_write<T>(&self, result: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if let Poll::Ready(Err(e)) = &result
            && e.kind() == io::ErrorKind::TimedOut
        {
            Tally::add(&self.tally.write_timeouts);
            let _ = self.inner.get_ref().set_zero_linger();
        }
        result
    }
}

impl AsyncRead for DeadlineIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.inner.as_mut().poll_read(cx, buf)
    }
}

impl AsyncWrite for DeadlineIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = self.inner.as_mut().poll_write(cx, buf);
        self.on_write(result)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = self.inner.as_mut().poll_write_vectored(cx, bufs);
        self.on_write(result)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = self.inner.as_mut().poll_flush(cx);
        self.on_write(result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = self.inner.as_mut().poll_shutdown(cx);
        self.on_write(result)
    }
}
