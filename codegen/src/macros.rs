//! The expansion behind `vossgen_macros::import_schemas!`: the same pipeline and settings as
//! the CLI and `build.rs`, with errors as `compile_error!` at the path literal.

use crate::settings::{Layout, Settings};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
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
    let relative = |p: &Path| {
        p.strip_prefix(&manifest_dir)
            .unwrap_or(p)
            .display()
            .to_string()
    };
    // rustc reads the expansion, nobody else: it is parsed once, never laid out for reading.
    // One thread: token streams only work on the thread rustc called the macro on.
    let options = crate::emit::Options {
        pretty: false,
        threads: 1,
        ..settings.emit_options()
    };
    match crate::generate_with(&settings, &options) {
        Ok(generated) => {
            let text = &generated.files[Path::new("import_schemas.rs")];
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
            quote!(#(#tracked)* #code)
        }
        Err(diags) => {
            let lines: Vec<String> = diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| {
                    let mut d = d.clone();
                    d.file = PathBuf::from(relative(&d.file));
                    d.to_string()
                })
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
