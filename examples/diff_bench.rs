//! Benchmark of `shipshape diff` (run by `bench/diff.sh`): for each chart
//! given, the whole command (two renders and the comparison, every resource
//! changed by a common label) and the comparison alone (compare, then print
//! the `diff` format) on the two pre-rendered streams. Prints a Markdown
//! table with the median of RUNS runs.
//!
//!     diff_bench RUNS CHART...

use std::path::PathBuf;
use std::time::{Duration, Instant};

use shipshape::app::diff::{DiffOptions, Inputs, run};
use shipshape::app::template::{self, TemplateOptions};
use shipshape::chart::sources::ValueSources;
use shipshape::diff::{self, Format};
use shipshape::manifest::read_stream;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    println!(
        "| resources | changed | whole diff (ms) | comparison only (ms) | comparison per resource (µs) |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for chart in args {
        let chart = PathBuf::from(chart);
        let to_set = "commonLabels.tier=frontend".to_string();
        let options = DiffOptions {
            release_name: "bench".into(),
            chart: chart.clone(),
            to: Inputs {
                values: ValueSources {
                    set: vec![to_set.clone()],
                    ..ValueSources::default()
                },
                ..Inputs::default()
            },
            context: 3,
            format: Format::Diff,
            ..DiffOptions::default()
        };
        let mut whole = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let out = run(&options);
            whole.push(start.elapsed());
            assert_eq!(out.code, 0, "{}", out.stderr);
        }
        let render = |set: Vec<String>| {
            let out = template::run(&TemplateOptions {
                release_name: Some("bench".into()),
                chart: chart.clone(),
                values: ValueSources {
                    set,
                    ..ValueSources::default()
                },
                ..TemplateOptions::default()
            });
            assert_eq!(out.code, 0, "{}", out.stderr);
            out.stdout
        };
        let (old, new) = (render(Vec::new()), render(vec![to_set]));
        let diff_options = diff::Options {
            old_namespace: "default".into(),
            new_namespace: "default".into(),
            ..diff::Options::default()
        };
        let mut alone = Vec::new();
        let mut summary = (0, 0);
        for _ in 0..runs {
            let start = Instant::now();
            let (o, n) = (read_stream("old", &old), read_stream("new", &new));
            let report = diff::compare(&o.documents, &n.documents, &diff_options).expect("compare");
            let text = diff::render(&report, Format::Diff, 3, false);
            alone.push(start.elapsed());
            summary = (
                report.entries.len(),
                report.count(diff::ChangeKind::Changed),
            );
            std::hint::black_box(text);
        }
        let alone = median(alone);
        println!(
            "| {} | {} | {} | {} | {:.1} |",
            summary.0,
            summary.1,
            ms(median(whole)),
            ms(alone),
            alone.as_secs_f64() * 1e6 / summary.0.max(1) as f64
        );
    }
}
