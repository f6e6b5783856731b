//! Each socket's outgoing queue: bounded, shared between the stream readers that
//! fill it and the socket's task that drains it. Kept small on purpose (an empty
//! `VecDeque` allocates nothing): it exists once per connected socket.

use bytestring::ByteString;
use std::collections::VecDeque;
use std::sync::Mutex;
use tokio::sync::Notify;
use uuid::Uuid;

/// A frame ready to send, encoded once and shared by every socket it goes to.
#[derive(Clone)]
pub struct Frame {
    /// The event's sequence number, or 0 for frames outside the resumable stream
    /// (typing).
    pub seq: i64,
    pub text: ByteString,
}

impl Frame {
    pub fn new(seq: i64, text: String) -> Self {
        Self {
            seq,
            text: ByteString::from(text),
        }
    }
}

/// Why the gateway ends a socket from its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kick {
    /// The client did not keep up: its queue filled.
    SlowConsumer,
    /// The gateway is shutting down.
    Restart,
    /// The socket's login ended (logout, password change, revoked, account
    /// deleted).
    LoginEnded,
}

pub struct SocketQueue {
    /// The login (session) the socket identified with.
    session: Uuid,
    state: Mutex<State>,
    ready: Notify,
    capacity: usize,
}

struct State {
    frames: VecDeque<Frame>,
    kicked: Option<Kick>,
}

impl SocketQueue {
    pub fn new(session: Uuid, capacity: usize) -> Self {
        Self {
            session,
            state: Mutex::new(State {
                frames: VecDeque::new(),
                kicked: None,
            }),
            ready: Notify::new(),
            capacity,
        }
    }

    /// Queues a frame; a full queue kicks the socket instead of growing.
    pub fn push(&self, frame: Frame) {
        let mut state = self.state.lock().expect("queue lock");
        if state.kicked.is_some() {
            return;
        }
        if state.frames.len() >= self.capacity {
            state.kicked = Some(Kick::SlowConsumer);
            state.frames = VecDeque::new();
        } else {
            state.frames.push_back(frame);
        }
        drop(state);
        self.ready.notify_one();
    }

    pub fn kick(&self, why: Kick) {
        self.state
            .lock()
            .expect("queue lock")
            .kicked
            .get_or_insert(why);
        self.ready.notify_one();
    }

    /// Takes what is queued (or the reason to close).
    pub fn take(&self, into: &mut Vec<Frame>) -> Option<Kick> {
        let mut state = self.state.lock().expect("queue lock");
        if let Some(kick) = state.kicked {
            return Some(kick);
        }
        into.extend(state.frames.drain(..));
        if state.frames.capacity() > 64 {
            state.frames.shrink_to_fit();
        }
        None
    }

    pub fn session(&self) -> Uuid {
        self.session
    }

    pub fn kicked(&self) -> Option<Kick> {
        self.state.lock().expect("queue lock").kicked
    }

    /// Resolves when something was pushed since the last call.
    pub async fn wait(&self) {
        self.ready.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_kicks_instead_of_growing() {
        let q = SocketQueue::new(Uuid::nil(), 2);
        q.push(Frame::new(1, "a".into()));
        q.push(Frame::new(2, "b".into()));
        let mut out = Vec::new();
        assert_eq!(q.take(&mut out), None);
        assert_eq!(out.len(), 2);
        q.push(Frame::new(3, "c".into()));
        q.push(Frame::new(4, "d".into()));
        q.push(Frame::new(5, "e".into()));
        assert_eq!(q.take(&mut Vec::new()), Some(Kick::SlowConsumer));
    }
}
