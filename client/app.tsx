export function App() {
  return <h1>困难职工精准帮扶</h1>;
}
