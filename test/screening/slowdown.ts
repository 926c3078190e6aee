// Load scaling for the time guards in the screening tests: they catch quadratic blow-ups, not small slowdowns.

/** How much slower than a quiet core this machine runs now (≥ 1): a shared CI box under load can be 20×. */
export function slowdown(): number {
  const s = 'abc '.repeat(1250);
  let x = 0;
  const t0 = performance.now();
  for (let k = 0; k < 2000; k++) for (let i = 0; i < s.length; i++) x += s.charCodeAt(i);
  const usPerLoop = ((performance.now() - t0) * 1000) / 2000;
  return Math.max(1, usPerLoop / 20 + (x < 0 ? 1 : 0)); // 20 µs: a 5 KB char loop on a slow but idle core
}
