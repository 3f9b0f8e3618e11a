// Profiling helper: decode a synthetic list many times.
fn main() {
    let list = vossgen_bench::synthetic_list("data/Role", 2000);
    let bytes = serde_json::to_vec(&list).unwrap();
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let start = std::time::Instant::now();
    for _ in 0..n {
        let l: vossgen_runtime::ListResponse<voss_api::data::Role> = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(l);
    }
    let typed = start.elapsed() / n as u32;
    let start = std::time::Instant::now();
    for _ in 0..n {
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(v);
    }
    let value = start.elapsed() / n as u32;
    let start = std::time::Instant::now();
    for _ in 0..n {
        let v: serde::de::IgnoredAny = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(v);
    }
    let ignored = start.elapsed() / n as u32;
    println!("{} bytes: typed {typed:?}, Value {value:?}, IgnoredAny {ignored:?}", bytes.len());
}
