//! glibc's allocator raises its mmap threshold to the size of the largest block
//! freed, up to 32 MiB: after the first 19 MiB Argon2 buffer is freed, every
//! later one comes from a heap arena, and each thread's arena keeps its peak
//! for good, so a login storm's memory is never returned (docs/bench/signups.jsonl
//! has the figures). A fixed
//! threshold keeps blocks this large in their own mappings, returned to the
//! system when freed.

/// Blocks at least this large are mapped on their own.
const MMAP_THRESHOLD: i32 = 1024 * 1024;

/// Call once at start-up, before the threads that allocate are spawned.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; any value is valid.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
