/**
 * Sum of a metric's samples in an app's Prometheus text (GET <url>/metrics)
 * whose labels include every given label, whatever their order; 0 when none.
 */
export async function metricValue(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const wanted = Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`));
    if (wanted) sum += Number(match[3]);
  }
  return sum;
}
