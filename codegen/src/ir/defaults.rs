//! Typed constants for `default` values.

use super::*;

impl IrBuilder<'_> {
    /// A typed constant for `default`: converted when the conversion is lossless (the string
    /// `"0"` on an integer), otherwise a warning and no constant.
    pub(super) fn default_const(
        &mut self,
        file: usize,
        prop: &Schema,
        shape: &Shape,
        wire: &str,
        value: &Value,
    ) -> Option<DefaultConst> {
        let at = pointer_push(&prop.pointer, "default");
        let ident = format!("DEFAULT_{}", ident::const_name(wire));
        let converted = match (shape, value) {
            (Shape::Boolean, Value::Bool(b)) => Some(ConstValue::Bool(*b)),
            (Shape::Boolean, Value::String(s)) if s == "true" || s == "false" => {
                Some(ConstValue::Bool(s == "true"))
            }
            (Shape::Integer, Value::Number(n)) => n
                .as_i64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                        .map(|f| f as i64)
                })
                .map(ConstValue::Int),
            (Shape::Integer, Value::String(s)) => s
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|i| i.to_string() == s.trim())
                .map(ConstValue::Int),
            (Shape::Number, Value::Number(n)) => n.as_f64().map(ConstValue::Float),
            (Shape::Number, Value::String(s)) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(ConstValue::Float),
            (Shape::String | Shape::Secret | Shape::Reference(_), Value::String(s)) => {
                Some(ConstValue::Str(s.clone()))
            }
            (Shape::String | Shape::Reference(_), Value::Number(n)) => {
                Some(ConstValue::Str(n.to_string()))
            }
            (Shape::String | Shape::Reference(_), Value::Bool(b)) => {
                Some(ConstValue::Str(b.to_string()))
            }
            (Shape::Named(id), Value::String(s)) => match &self.space.types[id.0].kind {
                TypeKind::Enum { variants, .. } => variants
                    .iter()
                    .find(|v| &v.value == s)
                    .map(|v| ConstValue::Variant(*id, v.ident.clone())),
                _ => None,
            },
            _ => None,
        };
        let type_matches = match (shape, value) {
            (Shape::Boolean, Value::Bool(_)) | (Shape::Number, Value::Number(_)) => true,
            (Shape::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (
                Shape::String | Shape::Secret | Shape::Reference(_) | Shape::Named(_),
                Value::String(_),
            ) => true,
            _ => false,
        };
        match &converted {
            Some(_) if type_matches => {}
            Some(_) => self.warning(file, &at, format!("default {value} does not match the property's type; converted losslessly for the typed constant, the wire value is untouched")),
            None => {
                let simple = matches!(shape, Shape::Boolean | Shape::Integer | Shape::Number | Shape::String | Shape::Secret | Shape::Reference(_));
                if simple || matches!(shape, Shape::Named(id) if matches!(self.space.types[id.0].kind, TypeKind::Enum { .. })) {
                    self.warning(file, &at, format!("default {value} cannot be converted to the property's type without loss; no typed constant is generated"));
                }
            }
        }
        converted.map(|value| DefaultConst { ident, value })
    }
}
