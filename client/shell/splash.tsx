/** Shown for the moment the stored session is being read. */
export function Splash() {
  return (
    <main className="splash" aria-busy="true">
      <p>正在打开…</p>
    </main>
  );
}
