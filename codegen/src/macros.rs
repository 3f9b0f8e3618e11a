//! The expansion behind `vossgen_macros::import_schemas!`: the same pipeline and settings as
//! the CLI and `build.rs`, with errors as `compile_error!` at the path literal.

use crate::settings::{Layout, Settings};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::PathBuf;

/// Runs the macro's generation on a thread with a large stack, as [`crate::generate`] does,
/// so that deep input (a chain of thousands of `$ref`s) is walked there instead of
/// overflowing rustc's stack. The compiler's token streams only work on the thread rustc
/// called the macro on, and the generation makes text: proc_macro2 is held to its own
/// implementation meanwhile (rustc expands one macro at a time, so no other expansion of
/// this crate sees it). Inline when no thread can be made.
fn off_thread<T: Send>(f: impl Fn() -> T + Sync) -> T {
    proc_macro2::fallback::force();
    // Back to the compiler's implementation even if `f` panics.
    struct Unforce;
    impl Drop for Unforce {
        fn drop(&mut self) {
            proc_macro2::fallback::unforce();
        }
    }
    let _unforce = Unforce;
    crate::with_deep_stack(f)
}
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Lit, LitStr, Token};

struct Args {
    path: LitStr,
    settings: Vec<(syn::Ident, Expr)>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let path: LitStr = input.parse()?;
        let mut settings = Vec::new();
        while input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let value: Expr = input.parse()?;
            settings.push((key, value));
        }
        Ok(Args { path, settings })
    }
}

fn value_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.value()),
            Lit::Bool(b) => Some(b.value.to_string()),
            Lit::Int(i) => Some(i.to_string()),
            _ => None,
        },
        Expr::Path(p) => Some(quote!(#p).to_string().replace(' ', "")),
        _ => None,
    }
}

/// Settings that name where or how files are written: the macro writes none.
const IN_PLACE: [&str; 2] = ["output", "layout"];

/// At most this many warnings are shown one by one; the rest are counted.
const SHOWN_WARNINGS: usize = 20;

/// The generator's warnings, as the compiler's: stable proc macros cannot emit warnings, but
/// the use of a `#[deprecated]` item is one, with its note, at `span`.
fn warnings(span: Span, messages: impl Iterator<Item = String>) -> TokenStream {
    let messages: Vec<String> = messages.collect();
    let mut notes: Vec<String> = messages
        .iter()
        .take(SHOWN_WARNINGS)
        .map(|m| format!("vossgen warning: {m}"))
        .collect();
    if messages.len() > SHOWN_WARNINGS {
        notes.push(format!(
            "vossgen: {} more warning(s); `vossgen check -i …` lists them all",
            messages.len() - SHOWN_WARNINGS
        ));
    }
    notes
        .iter()
        .map(|note| {
            quote::quote_spanned!(span=>
                const _: () = {
                    #[deprecated(note = #note)]
                    struct VossgenWarning;
                    let _ = VossgenWarning;
                };
            )
        })
        .collect()
}

fn compile_error(span: Span, message: &str) -> TokenStream {
    quote::quote_spanned!(span=> ::core::compile_error!(#message);)
}

/// Expands `import_schemas!("path", key = value, …)`.
pub fn expand_import(input: TokenStream) -> TokenStream {
    let args: Args = match syn::parse2(input) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error(),
    };
    // `VOSSGEN_MANIFEST_DIR` lets test harnesses (trybuild builds in its own directory) name
    // the crate whose files the paths are relative to.
    let Some(manifest_dir) = std::env::var_os("VOSSGEN_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
    else {
        return compile_error(
            args.path.span(),
            "import_schemas!: CARGO_MANIFEST_DIR is not set; build with cargo",
        );
    };
    let mut settings = Settings {
        inputs: vec![manifest_dir.join(args.path.value())],
        output: PathBuf::from("import_schemas.rs"),
        layout: Layout::SingleFile,
        ..Settings::default()
    };
    let mut errors = TokenStream::new();
    for (key, value) in &args.settings {
        let result = match value_text(value) {
            Some(_) if IN_PLACE.contains(&key.to_string().as_str()) => Err(format!(
                "setting `{key}` does not apply to import_schemas!: the macro expands in place, \
                 as one module (build.rs or the command write files)"
            )),
            Some(v) => settings.set(&key.to_string(), &v),
            None => Err(format!("setting `{key}` takes a literal")),
        };
        if let Err(e) = result {
            errors.extend(compile_error(key.span(), &e));
        }
    }
    if !errors.is_empty() {
        return errors;
    }
    // Inputs added by `input = "…"` are relative to the crate, like the first.
    for input in &mut settings.inputs {
        *input = manifest_dir.join(&*input);
    }

    // rustc reads the expansion, nobody else: it is parsed once, never laid out for reading.
    // One thread for emitting: the generation runs on one thread of its own (below).
    let options = crate::emit::Options {
        pretty: false,
        threads: 1,
        ..settings.emit_options()
    };
    match off_thread(|| crate::generate_with(&settings, &options, &|_| {})) {
        Ok(generated) => {
            // One file, in the single-file layout the macro always uses.
            let Some(text) = generated.files.values().next() else {
                return compile_error(args.path.span(), "import_schemas!: nothing was generated");
            };
            let code: TokenStream = match text.parse() {
                Ok(c) => c,
                Err(e) => {
                    return compile_error(
                        args.path.span(),
                        &format!("import_schemas!: generated code does not parse: {e}"),
                    )
                }
            };
            // `include_bytes!` makes cargo rebuild the caller when an input file changes.
            let tracked = generated.input_files.iter().map(|f| {
                let path = f.display().to_string();
                quote!(
                    const _: &[u8] = ::core::include_bytes!(#path);
                )
            });
            let warnings = warnings(
                args.path.span(),
                generated
                    .diagnostics
                    .warnings()
                    .map(|d| d.relative_to(&manifest_dir).text()),
            );
            quote!(#(#tracked)* #warnings #code)
        }
        Err(diags) => {
            let lines: Vec<String> = diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.relative_to(&manifest_dir).to_string())
                .collect();
            let message = format!(
                "import_schemas!: {} error(s) in `{}`:\n{}",
                lines.len(),
                args.path.value(),
                lines.join("\n")
            );
            compile_error(args.path.span(), &message)
        }
    }
}
