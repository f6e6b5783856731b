//! The routing table of one gateway process: which sockets each user has here.
//! Stream readers hand every event to [`Hub::deliver`], which queues the one
//! encoded frame on each recipient's sockets.

use crate::queue::{Frame, Kick, SocketQueue};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use uuid::Uuid;

#[derive(Default)]
pub struct Hub {
    sockets: RwLock<HashMap<Uuid, Vec<Arc<SocketQueue>>>>,
    /// Open sockets (identified or not) per client address key.
    addresses: Mutex<HashMap<String, usize>>,
}

/// One socket's place in its address's count, given back when dropped.
pub struct AddressSlot {
    hub: Arc<Hub>,
    key: String,
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut addresses = self.hub.addresses.lock().expect("hub lock");
        if let Some(n) = addresses.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                addresses.remove(&self.key);
            }
        }
    }
}

impl Hub {
    /// A place for one more socket from `key`, unless it has `cap` already.
    pub fn admit_address(self: &Arc<Self>, key: String, cap: usize) -> Option<AddressSlot> {
        let mut addresses = self.addresses.lock().expect("hub lock");
        let n = addresses.entry(key.clone()).or_default();
        if *n >= cap {
            return None;
        }
        *n += 1;
        Some(AddressSlot {
            hub: self.clone(),
            key,
        })
    }

    pub fn register(&self, user: Uuid, queue: Arc<SocketQueue>) {
        self.sockets
            .write()
            .expect("hub lock")
            .entry(user)
            .or_default()
            .push(queue);
    }

    /// Returns how many sockets the user still has here.
    pub fn unregister(&self, user: Uuid, queue: &Arc<SocketQueue>) -> usize {
        let mut sockets = self.sockets.write().expect("hub lock");
        let Some(list) = sockets.get_mut(&user) else {
            return 0;
        };
        list.retain(|q| !Arc::ptr_eq(q, queue));
        let left = list.len();
        if left == 0 {
            sockets.remove(&user);
        }
        left
    }

    pub fn deliver(&self, recipients: impl IntoIterator<Item = Uuid>, frame: &Frame) -> usize {
        let sockets = self.sockets.read().expect("hub lock");
        let mut delivered = 0;
        for user in recipients {
            if let Some(list) = sockets.get(&user) {
                for queue in list {
                    queue.push(frame.clone());
                    delivered += 1;
                }
            }
        }
        delivered
    }

    pub fn is_local(&self, user: Uuid) -> bool {
        self.sockets.read().expect("hub lock").contains_key(&user)
    }

    /// Closes the user's sockets of these logins; returns how many.
    pub fn end_logins(&self, user: Uuid, logins: &[Uuid]) -> usize {
        let sockets = self.sockets.read().expect("hub lock");
        let mut ended = 0;
        for queue in sockets.get(&user).into_iter().flatten() {
            if logins.contains(&queue.session()) {
                queue.kick(Kick::LoginEnded);
                ended += 1;
            }
        }
        ended
    }

    /// Tells every socket to close (for shutdown).
    pub fn kick_all(&self, why: Kick) {
        for list in self.sockets.read().expect("hub lock").values() {
            for queue in list {
                queue.kick(why);
            }
        }
    }

    pub fn socket_count(&self) -> usize {
        self.sockets
            .read()
            .expect("hub lock")
            .values()
            .map(Vec::len)
            .sum()
    }
}
