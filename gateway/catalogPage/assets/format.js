// @ts-check
/** How values read in the page: ages, sizes, counts, statuses. */

/**
 * "4 min", "3 h", "2 d" since `iso`, or "never published" without one.
 * @param {string | null | undefined} iso
 * @param {number} [now]
 */
export function age(iso, now = Date.now()) {
  if (!iso) return 'never published';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/**
 * "1.2 MB" from a count of bytes given as a string of digits.
 * @param {string | number} bytes
 */
export function size(bytes) {
  let n = Number(bytes);
  for (const unit of ['B', 'kB', 'MB', 'GB']) {
    if (n < 1000 || unit === 'GB') return `${unit === 'B' ? n : n.toFixed(1)} ${unit}`;
    n /= 1000;
  }
  return `${n} GB`;
}

/**
 * "12,345" from a count given as a string of digits (exact beyond 2^53).
 * @param {string | number} digits
 */
export function count(digits) {
  return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * "Fresh", "Late", "Stale" for FRESH, WARN, ERROR.
 * @param {string} status
 */
export function freshnessLabel(status) {
  return { FRESH: 'Fresh', WARN: 'Late', ERROR: 'Stale' }[status] ?? status;
}

/**
 * "Current", "Deprecated", "Retired" for a version status.
 * @param {string} status
 */
export function statusLabel(status) {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/**
 * `2026-11-21 06:01 UTC` from an ISO time.
 * @param {string} iso
 */
export function when(iso) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * "a, b and 3 more": at most `most` names, then how many are left out.
 * @param {string[]} names
 * @param {number} most
 */
export function someOf(names, most) {
  return names.length <= most ? names.join(', ') : `${names.slice(0, most).join(', ')} and ${names.length - most} more`;
}
