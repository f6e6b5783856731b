/** Slow mode's choices in seconds: off, 5 s, 10 s, 30 s, 1 min, 5 min, 15 min, 1 h, 6 h. */
export const SLOWMODE_CHOICES: readonly number[] = [0, 5, 10, 30, 60, 300, 900, 3600, 21_600]

/** Who waits between messages: not the owner, nor a role with `bypass_slowmode`. */
export function waitsForSlowmode(
  group: { slowmode_secs: number; me?: { owner: boolean; permissions: readonly string[] } | null } | null | undefined,
): boolean {
  if (!group || group.slowmode_secs <= 0 || !group.me) return false
  return !group.me.owner && !group.me.permissions.includes('bypass_slowmode')
}

/** Whole seconds left until `until` (ms since the epoch) at `now`; 0 once passed. */
export function secondsLeft(until: number | null, now: number): number {
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000))
}
