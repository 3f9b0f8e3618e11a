//! Decode-and-validate with vossgen versus plain serde decoding into the same types, versus the
//! `jsonschema` crate validating a draft-07 translation of the same schema on a
//! `serde_json::Value`. Run: `cargo bench --manifest-path bench/Cargo.toml`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use voss_api::data::Role;
use voss_api::relation::HcsAdminUserRel;
use vossgen_bench::{draft7, examples, list_schema, schema, synthetic_list};
use vossgen_runtime::{ListResponse, Validate};

fn bench(c: &mut Criterion) {
    let role_schema = draft7(&schema("data/Role"));
    let list_validator = jsonschema::draft7::new(&list_schema(&role_schema)).expect("the translation compiles");
    let admin_validator = jsonschema::draft7::new(&draft7(&schema("relation/HcsAdminUserREL"))).expect("compiles");

    let admin = serde_json::to_vec(&examples("relation/HcsAdminUserREL")["instance"]["data"]).unwrap();
    let mut group = c.benchmark_group("seed instance relation/HcsAdminUserREL");
    group.throughput(Throughput::Bytes(admin.len() as u64));
    group.bench_function("serde decode", |b| b.iter(|| serde_json::from_slice::<HcsAdminUserRel>(black_box(&admin)).unwrap()));
    group.bench_function("vossgen decode+validate", |b| b.iter(|| vossgen_runtime::from_slice::<HcsAdminUserRel>(black_box(&admin)).unwrap()));
    group.bench_function("jsonschema parse+validate", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(&admin)).unwrap();
            assert!(admin_validator.is_valid(&v));
        })
    });
    group.finish();

    for (label, list) in [("seed list data/Role", examples("data/Role")["list"].clone()), ("10000 resources data/Role", synthetic_list("data/Role", 10_000))] {
        let bytes = serde_json::to_vec(&list).unwrap();
        let value = list;
        let mut group = c.benchmark_group(label);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if bytes.len() > 1_000_000 {
            group.sample_size(20);
        }
        group.bench_function("serde decode", |b| b.iter(|| serde_json::from_slice::<ListResponse<Role>>(black_box(&bytes)).unwrap()));
        group.bench_function("vossgen decode+validate", |b| {
            b.iter(|| {
                let l = serde_json::from_slice::<ListResponse<Role>>(black_box(&bytes)).unwrap();
                l.validate().unwrap();
                l
            })
        });
        group.bench_function("jsonschema parse+validate", |b| {
            b.iter(|| {
                let v: serde_json::Value = serde_json::from_slice(black_box(&bytes)).unwrap();
                assert!(list_validator.is_valid(&v));
            })
        });
        let decoded: ListResponse<Role> = serde_json::from_slice(&bytes).unwrap();
        group.bench_with_input(BenchmarkId::new("vossgen validate only", "decoded value"), &decoded, |b, l| {
            b.iter(|| black_box(l).validate().unwrap())
        });
        group.bench_with_input(BenchmarkId::new("jsonschema validate only", "pre-parsed Value"), &value, |b, v| {
            b.iter(|| assert!(list_validator.is_valid(black_box(v))))
        });
        group.finish();
    }
}

/// `uniqueItems` over 100,000 distinct objects: linear (issue #9 asks for under a second in
/// release; a pairwise scan took minutes).
fn unique_items(c: &mut Criterion) {
    let validator = vossgen::compile_validator("unique.json", serde_json::json!({"type": "array", "uniqueItems": true}))
        .expect("compiles");
    let node = validator.root_node().expect("builds");
    let items: Vec<serde_json::Value> = (0..100_000).map(|i| serde_json::json!({"id": i, "name": format!("n{i}")})).collect();
    let value = serde_json::Value::Array(items);
    let mut group = c.benchmark_group("uniqueItems");
    group.sample_size(10);
    group.bench_function("100000 distinct objects", |b| {
        b.iter(|| {
            let mut errors = vossgen_runtime::validate::ValidationErrors::new();
            vossgen_runtime::validate::validate_value(node, black_box(&value), &mut vossgen_runtime::validate::JsonPath::root(), &mut errors);
            assert!(errors.is_empty());
        })
    });
    group.finish();
}

criterion_group!(benches, bench, unique_items);
criterion_main!(benches);
