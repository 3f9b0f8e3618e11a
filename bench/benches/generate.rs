//! Generation at scale: VOSS ships thousands of models. Copies of the bundled schemas under new
//! names, 300 and 1,200 of them, generated in memory (no file is written). Time should grow
//! linearly with the number of models. Run: `cargo bench --manifest-path bench/Cargo.toml --bench generate`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::PathBuf;

fn inputs(n: usize) -> tempfile_free::Dir {
    let dir = tempfile_free::Dir::new(&format!("vossgen-bench-generate-{n}"));
    let models = ["data/Role", "relation/HcsAdminUserREL", "device/exchange/ManagementRoleAssignment", "relation/SparkCustomer"];
    let kinds = ["data", "relation", "device/cucm", "device/exchange", "view"];
    for i in 0..n {
        let text = std::fs::read_to_string(format!("{}/../schemas/{}.json", env!("CARGO_MANIFEST_DIR"), models[i % models.len()])).unwrap();
        let path = dir.path.join(kinds[i % kinds.len()]).join(format!("Model{i:05}.json"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A scratch directory under the target directory, removed when dropped.
mod tempfile_free {
    use std::path::PathBuf;
    pub struct Dir {
        pub path: PathBuf,
    }
    impl Dir {
        pub fn new(name: &str) -> Dir {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join(name);
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir { path }
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for n in [300, 1200] {
        let dir = inputs(n);
        let settings = vossgen::Settings { inputs: vec![dir.path.clone()], output: PathBuf::from("out"), ..vossgen::Settings::default() };
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(format!("{n} models")), &settings, |b, s| {
            b.iter(|| vossgen::generate(s).unwrap().files.len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
