//! Sprig's math (`functions.go`, `numeric.go`): integer arithmetic through
//! `cast.ToInt64` (`add 1.5 1` is 2, `div -7 2` is -3, wrapping on overflow,
//! division by zero is Go's runtime panic), float arithmetic through
//! shopspring `decimal` (`addf 0.1 0.2` is 0.3), `floor`, `ceil`, `round`
//! and `randInt`.

use super::conv::{arg, to_float64, to_int64};
use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;

/// The math functions.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::variadic("add", &[], Param::Any, add),
    Function::new("add1", &[Param::Any], add1),
    Function::new("sub", &[Param::Any, Param::Any], sub),
    Function::new("div", &[Param::Any, Param::Any], div),
    Function::new("mod", &[Param::Any, Param::Any], modulo),
    Function::variadic("mul", &[Param::Any], Param::Any, mul),
    Function::variadic("max", &[Param::Any], Param::Any, max),
    Function::variadic("biggest", &[Param::Any], Param::Any, max),
    Function::variadic("min", &[Param::Any], Param::Any, min),
    Function::variadic("maxf", &[Param::Any], Param::Any, maxf),
    Function::variadic("minf", &[Param::Any], Param::Any, minf),
    Function::new("floor", &[Param::Any], floor),
    Function::new("ceil", &[Param::Any], ceil),
    Function::variadic("round", &[Param::Any, Param::Int], Param::Float64, round),
    Function::new("randInt", &[Param::Int, Param::Int], rand_int),
    Function::variadic("addf", &[], Param::Any, addf),
    Function::new("add1f", &[Param::Any], add1f),
    Function::variadic("subf", &[Param::Any], Param::Any, subf),
    Function::variadic("divf", &[Param::Any], Param::Any, divf),
    Function::variadic("mulf", &[Param::Any], Param::Any, mulf),
];

/// Go's panic text for an integer division or remainder by zero.
const DIVIDE_BY_ZERO: &str = "runtime error: integer divide by zero";

/// Sprig `add`: the int64 sum, 0 for no arguments.
fn add(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int64(
        args.iter().fold(0i64, |a, b| a.wrapping_add(to_int64(b))),
    ))
}

/// Sprig `add1`.
fn add1(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int64(to_int64(arg(args, 0)).wrapping_add(1)))
}

/// Sprig `sub a b`.
fn sub(args: &[Value]) -> Result<Value, FuncError> {
    let (a, b) = (to_int64(arg(args, 0)), to_int64(arg(args, 1)));
    Ok(Value::Int64(a.wrapping_sub(b)))
}

/// Sprig `div a b`: truncating division; Go wraps `MinInt64 / -1`.
fn div(args: &[Value]) -> Result<Value, FuncError> {
    let (a, b) = (to_int64(arg(args, 0)), to_int64(arg(args, 1)));
    if b == 0 {
        return Err(FuncError::new(DIVIDE_BY_ZERO));
    }
    Ok(Value::Int64(a.wrapping_div(b)))
}

/// Sprig `mod a b`: the remainder takes the sign of `a`, as in Go.
fn modulo(args: &[Value]) -> Result<Value, FuncError> {
    let (a, b) = (to_int64(arg(args, 0)), to_int64(arg(args, 1)));
    if b == 0 {
        return Err(FuncError::new(DIVIDE_BY_ZERO));
    }
    Ok(Value::Int64(a.wrapping_rem(b)))
}

/// Sprig `mul a b...`.
fn mul(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_int64(arg(args, 0));
    let rest = args.get(1..).unwrap_or_default();
    Ok(Value::Int64(
        rest.iter().fold(first, |a, b| a.wrapping_mul(to_int64(b))),
    ))
}

/// Sprig `max`/`biggest`.
fn max(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int64(
        args.iter().map(to_int64).max().unwrap_or_default(),
    ))
}

/// Sprig `min`.
fn min(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int64(
        args.iter().map(to_int64).min().unwrap_or_default(),
    ))
}

/// Sprig `maxf`: folds with Go's `math.Max`.
fn maxf(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_float64(arg(args, 0));
    let rest = args.get(1..).unwrap_or_default();
    Ok(Value::Float(
        rest.iter().map(to_float64).fold(first, go_math_max),
    ))
}

/// Sprig `minf`: folds with Go's `math.Min`.
fn minf(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_float64(arg(args, 0));
    let rest = args.get(1..).unwrap_or_default();
    Ok(Value::Float(
        rest.iter().map(to_float64).fold(first, go_math_min),
    ))
}

/// Go's `math.Max`: +Inf wins, then NaN, and +0 beats -0.
fn go_math_max(x: f64, y: f64) -> f64 {
    if x == f64::INFINITY || y == f64::INFINITY {
        f64::INFINITY
    } else if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x == 0.0 && y == 0.0 {
        if x.is_sign_negative() { y } else { x }
    } else if x > y {
        x
    } else {
        y
    }
}

/// Go's `math.Min`: -Inf wins, then NaN, and -0 beats +0.
fn go_math_min(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY || y == f64::NEG_INFINITY {
        f64::NEG_INFINITY
    } else if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x == 0.0 && y == 0.0 {
        if x.is_sign_negative() { x } else { y }
    } else if x < y {
        x
    } else {
        y
    }
}

/// Sprig `floor`.
fn floor(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Float(to_float64(arg(args, 0)).floor()))
}

/// Sprig `ceil`.
fn ceil(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Float(to_float64(arg(args, 0)).ceil()))
}

/// Sprig `round value places [roundOn]`: scales by `10^places`, rounds up
/// when the fractional part (signed, as `math.Modf` gives it) is at least
/// `roundOn` (default .5), else down, and scales back. Hence `round 2.5 0`
/// is 3 and `round -2.5 0` is -3.
fn round(args: &[Value]) -> Result<Value, FuncError> {
    let value = to_float64(arg(args, 0));
    let places = to_int64(arg(args, 1));
    let round_on = args.get(2).map_or(0.5, to_float64);
    let pow = go_pow10(places);
    let digit = pow * value;
    let frac = digit.fract();
    let rounded = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    Ok(Value::Float(rounded / pow))
}

/// Go's `math.Pow(10, n)` for an integer `n`: repeated squaring of the
/// magnitude, then a reciprocal for negative `n`.
fn go_pow10(n: i64) -> f64 {
    let mut result = 1.0f64;
    let mut base = 10.0f64;
    let mut e = n.unsigned_abs();
    while e != 0 {
        if e & 1 == 1 {
            result *= base;
        }
        base *= base;
        e >>= 1;
    }
    if n < 0 { 1.0 / result } else { result }
}

/// Sprig `randInt min max`: `rand.Intn(max-min) + min`, which panics unless
/// `max > min`.
fn rand_int(args: &[Value]) -> Result<Value, FuncError> {
    let (lo, hi) = (to_int64(arg(args, 0)), to_int64(arg(args, 1)));
    let n = hi.wrapping_sub(lo);
    if n <= 0 {
        return Err(FuncError::new("invalid argument to Intn"));
    }
    let r = ((u128::from(random_u64()) * n as u128) >> 64) as i64;
    Ok(Value::Int(r.wrapping_add(lo)))
}

/// A random 64-bit number from the standard library's per-process random
/// hash keys (no crate needed for Sprig's non-cryptographic `math/rand`).
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// Sprig `addf`: the decimal sum, starting from 0.
fn addf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_op(&Value::Float(0.0), args, Decimal::add)
}

/// Sprig `add1f`.
fn add1f(args: &[Value]) -> Result<Value, FuncError> {
    decimal_op(arg(args, 0), &[Value::Int(1)], Decimal::add)
}

/// Sprig `subf a b...`.
fn subf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_op(arg(args, 0), args.get(1..).unwrap_or_default(), |a, b| {
        a.add(b.neg())
    })
}

/// Sprig `mulf a b...`.
fn mulf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_op(
        arg(args, 0),
        args.get(1..).unwrap_or_default(),
        Decimal::mul,
    )
}

/// Sprig `divf a b...`: each quotient rounded half away from zero to 16
/// decimal places (decimal's `DivisionPrecision`).
fn divf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_op(
        arg(args, 0),
        args.get(1..).unwrap_or_default(),
        Decimal::div,
    )
}

/// Sprig's `execDecimalOp`: every operand through `cast.ToFloat64` and
/// `decimal.NewFromFloat`, folded with `op`, then back to the nearest float64.
fn decimal_op(
    first: &Value,
    rest: &[Value],
    op: fn(Decimal, Decimal) -> Result<Decimal, FuncError>,
) -> Result<Value, FuncError> {
    let mut acc = Decimal::from_f64(to_float64(first))?;
    for value in rest {
        acc = op(acc, Decimal::from_f64(to_float64(value))?)?;
    }
    Ok(Value::Float(acc.to_f64()))
}

/// A decimal number `mantissa * 10^exponent`, standing in for shopspring's
/// arbitrary-precision `decimal.Decimal`. Float inputs have at most 17
/// significant digits, so sums and products are exact in an `i128` unless
/// exponents are very far apart; past 36 digits the mantissa is rounded,
/// which is far below what the final conversion to float64 can see.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Decimal {
    mantissa: i128,
    exponent: i32,
}

/// The mantissa bound kept after every operation (10^36).
const MAX_MANTISSA: i128 = 1_000_000_000_000_000_000_000_000_000_000_000_000;

impl Decimal {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    fn from_f64(f: f64) -> Result<Decimal, FuncError> {
        if !f.is_finite() {
            let shown = crate::value::fmt::format_float_g(f);
            return Err(FuncError::new(format!(
                "Cannot create a Decimal from {shown}"
            )));
        }
        // Rust's `{:e}` is the shortest round-trip form, e.g. "-1.25e-3".
        let text = format!("{f:e}");
        let (digits, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let negative = digits.starts_with('-');
        let (int_part, frac_part) = digits
            .trim_start_matches('-')
            .split_once('.')
            .unwrap_or((digits.trim_start_matches('-'), ""));
        let mut mantissa: i128 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        let exponent = exp - frac_part.len() as i32;
        Ok(Decimal {
            mantissa: if negative { -mantissa } else { mantissa },
            exponent,
        }
        .normalize())
    }

    /// The nearest float64 (decimal's `Float64` goes through an exact `big.Rat`).
    fn to_f64(self) -> f64 {
        format!("{}e{}", self.mantissa, self.exponent)
            .parse()
            .unwrap_or(0.0)
    }

    /// The negation.
    fn neg(self) -> Decimal {
        Decimal {
            mantissa: -self.mantissa,
            ..self
        }
    }

    /// Keeps the mantissa below [`MAX_MANTISSA`], rounding half away from zero.
    fn normalize(mut self) -> Decimal {
        while self.mantissa.abs() >= MAX_MANTISSA {
            self.mantissa = div_round_half_away(self.mantissa, 10);
            self.exponent = self.exponent.saturating_add(1);
        }
        self
    }

    /// The exact sum (to 36 significant digits).
    fn add(self, other: Decimal) -> Result<Decimal, FuncError> {
        let (hi, lo) = if self.exponent >= other.exponent {
            (self, other)
        } else {
            (other, self)
        };
        // Bring `hi` down to `lo`'s exponent as far as the mantissa allows,
        // then round `lo` up to whatever exponent that reaches.
        let mut hi_m = hi.mantissa;
        let mut exp = hi.exponent;
        while exp > lo.exponent {
            match hi_m.checked_mul(10) {
                Some(m) if m.abs() < MAX_MANTISSA => {
                    hi_m = m;
                    exp -= 1;
                }
                _ => break,
            }
        }
        let shift = i64::from(exp) - i64::from(lo.exponent);
        let lo_m = if shift == 0 {
            lo.mantissa
        } else if shift > 38 {
            0
        } else {
            div_round_half_away(lo.mantissa, 10i128.pow(shift as u32))
        };
        Ok(Decimal {
            mantissa: hi_m + lo_m,
            exponent: exp,
        }
        .normalize())
    }

    /// The exact product (to 36 significant digits).
    fn mul(self, other: Decimal) -> Result<Decimal, FuncError> {
        let mut a = self;
        let mut b = other;
        // Both mantissas are below 10^36; shrink the larger until the
        // product fits an i128.
        while a.mantissa.checked_mul(b.mantissa).is_none() {
            if a.mantissa.abs() >= b.mantissa.abs() {
                a.mantissa = div_round_half_away(a.mantissa, 10);
                a.exponent = a.exponent.saturating_add(1);
            } else {
                b.mantissa = div_round_half_away(b.mantissa, 10);
                b.exponent = b.exponent.saturating_add(1);
            }
        }
        Ok(Decimal {
            mantissa: a.mantissa * b.mantissa,
            exponent: a.exponent.saturating_add(b.exponent),
        }
        .normalize())
    }

    /// decimal's `Div`: the quotient rounded half away from zero at 10^-16.
    fn div(self, other: Decimal) -> Result<Decimal, FuncError> {
        const PRECISION: i64 = 16;
        if other.mantissa == 0 {
            return Err(FuncError::new("decimal division by 0"));
        }
        let negative = (self.mantissa < 0) != (other.mantissa < 0);
        let (num, den) = (self.mantissa.abs(), other.mantissa.abs());
        // self/other = num/den * 10^(e), and the result is counted in units
        // of 10^-16: q = round(num/den * 10^(e+16)).
        let e = i64::from(self.exponent) - i64::from(other.exponent);
        let shift = e + PRECISION;
        let (mut q, exponent) = if shift >= 0 {
            // Long division, one decimal digit at a time, stopping early if
            // the quotient already has all the digits a float64 can use.
            let mut q = num / den;
            let mut r = num % den;
            let mut produced = 0i64;
            while produced < shift && q < MAX_MANTISSA / 10 {
                r *= 10;
                q = q * 10 + r / den;
                r %= den;
                produced += 1;
            }
            if 2 * r >= den {
                q += 1;
            }
            (q, e - produced)
        } else {
            // The quotient is counted in units bigger than the dividend's
            // digits: divide by den * 10^-shift.
            let divisor = u32::try_from(-shift)
                .ok()
                .and_then(|p| 10i128.checked_pow(p))
                .and_then(|p| p.checked_mul(den));
            let q = match divisor {
                Some(d) => div_round_half_away(num, d),
                None => 0,
            };
            (q, -PRECISION)
        };
        if negative {
            q = -q;
        }
        let exponent = i32::try_from(exponent).unwrap_or(if exponent < 0 {
            i32::MIN / 2
        } else {
            i32::MAX / 2
        });
        Ok(Decimal {
            mantissa: q,
            exponent,
        }
        .normalize())
    }
}

/// `n / d` rounded half away from zero (`d > 0`).
fn div_round_half_away(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = (n % d).abs();
    if r >= d - r {
        if n < 0 { q - 1 } else { q + 1 }
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(result: Result<Value, FuncError>) -> String {
        match result {
            Ok(v) => format!("{} {}", v.type_name(), v),
            Err(e) => format!("error: {e}"),
        }
    }

    /// Expectations printed by Helm 3.17.3 (fn-collections/math-int, div-zero...).
    #[test]
    fn integer_math_matches_helm() {
        let i = Value::Int;
        let f = Value::Float;
        let s = Value::str;
        type F = fn(&[Value]) -> Result<Value, FuncError>;
        let cases: Vec<(F, Vec<Value>, &str)> = vec![
            (add, vec![i(1), i(2), i(3)], "int64 6"),
            (add, vec![f(1.5), i(1)], "int64 2"),
            (add, vec![], "int64 0"),
            (
                add,
                vec![s("3"), s("0x10"), Value::Nil, Value::Bool(true)],
                "int64 20",
            ),
            (add1, vec![f(2.9)], "int64 3"),
            (sub, vec![i(5), f(7.9)], "int64 -2"),
            (div, vec![i(-7), i(2)], "int64 -3"),
            (modulo, vec![i(-7), i(2)], "int64 -1"),
            (modulo, vec![i(7), i(-3)], "int64 1"),
            (mul, vec![i(2), i(3), i(4)], "int64 24"),
            (mul, vec![i(5)], "int64 5"),
            (mul, vec![f(1e10), f(1e10)], "int64 7766279631452241920"),
            (max, vec![i(1), i(5), i(3)], "int64 5"),
            (min, vec![i(1), i(-5), i(3)], "int64 -5"),
            (max, vec![i(2), s("9")], "int64 9"),
            (add, vec![i(i64::MAX), i(1)], "int64 -9223372036854775808"),
            (
                div,
                vec![i(1), i(0)],
                "error: runtime error: integer divide by zero",
            ),
            (
                modulo,
                vec![i(1), i(0)],
                "error: runtime error: integer divide by zero",
            ),
            (
                div,
                vec![i(1), s("abc")],
                "error: runtime error: integer divide by zero",
            ),
            (div, vec![i(i64::MIN), i(-1)], "int64 -9223372036854775808"),
            (
                rand_int,
                vec![i(3), i(3)],
                "error: invalid argument to Intn",
            ),
            (rand_int, vec![i(5), i(6)], "int 5"),
            (rand_int, vec![i(-3), i(-2)], "int -3"),
        ];
        for (func, args, want) in cases {
            assert_eq!(show(func(&args)), want, "{args:?}");
        }
    }

    /// Expectations printed by Helm 3.17.3 (fn-collections/math-float, round-types...).
    #[test]
    fn float_math_matches_helm() {
        let i = Value::Int;
        let f = Value::Float;
        let s = Value::str;
        type F = fn(&[Value]) -> Result<Value, FuncError>;
        let cases: Vec<(F, Vec<Value>, &str)> = vec![
            (addf, vec![f(0.1), f(0.2)], "float64 0.3"),
            (add1f, vec![f(1.5)], "float64 2.5"),
            (subf, vec![i(1), f(0.9)], "float64 0.1"),
            (divf, vec![i(1), i(3)], "float64 0.3333333333333333"),
            (mulf, vec![f(1.1), i(3)], "float64 3.3"),
            (addf, vec![], "float64 0"),
            (maxf, vec![i(1), f(2.5), s("3")], "float64 3"),
            (minf, vec![i(1), f(-2.5)], "float64 -2.5"),
            (floor, vec![f(2.7)], "float64 2"),
            (ceil, vec![f(2.1)], "float64 3"),
            (floor, vec![s("-2.5")], "float64 -3"),
            (round, vec![f(2.5), i(0)], "float64 3"),
            (round, vec![f(2.449), i(2)], "float64 2.45"),
            (round, vec![f(-2.5), i(0)], "float64 -3"),
            (round, vec![f(1.2345), i(3), f(0.4)], "float64 1.235"),
            (round, vec![f(1234.5), i(-2)], "float64 1200"),
            (round, vec![f(3.14158), i(1)], "float64 3.1"),
            (round, vec![s("2.55"), i(1)], "float64 2.6"),
            (round, vec![f(0.5), i(0)], "float64 1"),
            (round, vec![f(1.005), i(2)], "float64 1"),
            (subf, vec![i(5)], "float64 5"),
            (divf, vec![i(2), i(3), i(7)], "float64 0.0952380952380952"),
            (mulf, vec![f(0.1), f(0.1)], "float64 0.01"),
            (addf, vec![f(1e20), i(1)], "float64 1e+20"),
            (divf, vec![i(1), i(7)], "float64 0.1428571428571429"),
            (divf, vec![i(-2), i(3)], "float64 -0.6666666666666667"),
            (addf, vec![s("x"), i(1)], "float64 1"),
            (mulf, vec![f(1e200), f(1e200)], "float64 +Inf"),
            (divf, vec![f(1e20), i(3)], "float64 3.333333333333333e+19"),
            (divf, vec![i(1), i(0)], "error: decimal division by 0"),
            (
                addf,
                vec![s("inf"), i(1)],
                "error: Cannot create a Decimal from +Inf",
            ),
            (divf, vec![f(1e-20), i(1)], "float64 0"),
            (divf, vec![i(1), f(1e20)], "float64 0"),
            (
                mulf,
                vec![
                    f(0.1234567890123456),
                    f(0.1234567890123456),
                    f(0.1234567890123456),
                ],
                "float64 0.001881676372353654",
            ),
            (addf, vec![f(1e200), i(1)], "float64 1e+200"),
            (subf, vec![f(0.3), f(0.1), f(0.1), f(0.1)], "float64 0"),
            (mulf, vec![i(3), f(0.6666666666666667)], "float64 2"),
            (addf, vec![f(1e-300), f(1e-300)], "float64 2e-300"),
            (mulf, vec![f(1e-200), f(1e-200)], "float64 0"),
            (divf, vec![f(5e-17), i(1)], "float64 1e-16"),
            (divf, vec![f(4.9e-17), i(1)], "float64 0"),
            (divf, vec![f(1e30), i(3)], "float64 3.333333333333333e+29"),
            (divf, vec![i(7), f(1e-10)], "float64 7e+10"),
            (addf, vec![f(0.1), f(0.7)], "float64 0.8"),
            (mulf, vec![i(3), s("0.1")], "float64 0.3"),
            (subf, vec![i(0), f(0.000001)], "float64 -1e-06"),
            (divf, vec![f(1.5e-15), i(7)], "float64 2e-16"),
            (mulf, vec![f(0.07), i(100)], "float64 7"),
            (divf, vec![i(-1), i(3)], "float64 -0.3333333333333333"),
            (addf, vec![f(-0.0), i(0)], "float64 0"),
        ];
        for (func, args, want) in cases {
            assert_eq!(show(func(&args)), want, "{args:?}");
        }
    }
}
