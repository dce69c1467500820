//! Just enough of a Rust lexer for the style checks: which part of each line the compiler reads
//! and which part only people read. A search for `.sort(` must not hit a comment, a search for
//! requirement ids must not hit code, and counting a function's braces must not count the ones
//! inside `"{"` or `'}'`; splitting a line at `//` gets all three wrong as soon as a string holds
//! a URL. It knows strings (with escapes), raw strings, character literals versus lifetimes,
//! and nested block comments; nothing else about Rust matters here.

/// One line of a file: its code with every string and character literal blanked (the quotes
/// stay, the contents become spaces), and the text of its comments (what follows `//`, so a
/// doc comment's text starts with `/` or `!`, or what lies between `/*` and `*/`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) code: String,
    pub(crate) comment: String,
}

/// A function with a body: its name, the line its `fn` keyword is on (from 1), and its length
/// in lines from that line to its closing brace, both included (attributes and doc comments
/// above it are not counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Function {
    pub(crate) name: String,
    pub(crate) line: usize,
    pub(crate) lines: usize,
}

/// Splits `text` into [`Line`]s, one per line of the file (as many as `str::lines` gives).
pub(crate) fn lines(text: &str) -> Vec<Line> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = Line::default();
    let mut state = State::Code;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            out.push(std::mem::take(&mut line));
            if state == State::LineComment {
                state = State::Code;
            }
            i += 1;
            continue;
        }
        match state {
            State::Code => {
                if c == '/' && next == Some('/') {
                    state = State::LineComment;
                    i += 2;
                } else if c == '/' && next == Some('*') {
                    state = State::Block(1);
                    i += 2;
                } else if c == '"' {
                    line.code.push('"');
                    state = State::Str;
                    i += 1;
                } else if let Some(hashes) = raw_string_start(&chars, i) {
                    line.code.push('r');
                    line.code.extend(std::iter::repeat_n('#', hashes));
                    line.code.push('"');
                    state = State::Raw(hashes);
                    i += 2 + hashes;
                } else if let Some(length) = char_literal_length(&chars, i) {
                    line.code.push('\'');
                    line.code.extend(std::iter::repeat_n(' ', length - 2));
                    line.code.push('\'');
                    i += length;
                } else {
                    line.code.push(c);
                    i += 1;
                }
            }
            State::LineComment => {
                line.comment.push(c);
                i += 1;
            }
            State::Block(depth) => {
                if c == '*' && next == Some('/') {
                    state = if depth == 1 { State::Code } else { State::Block(depth - 1) };
                    i += 2;
                } else if c == '/' && next == Some('*') {
                    state = State::Block(depth + 1);
                    i += 2;
                } else {
                    line.comment.push(c);
                    i += 1;
                }
            }
            State::Str => {
                if c == '\\' {
                    // A backslash before the newline continues the string on the next line:
                    // leave the newline to end this line.
                    let skipped = if next.is_some_and(|n| n != '\n') { 2 } else { 1 };
                    line.code.extend(std::iter::repeat_n(' ', skipped));
                    i += skipped;
                } else {
                    line.code.push(if c == '"' { '"' } else { ' ' });
                    if c == '"' {
                        state = State::Code;
                    }
                    i += 1;
                }
            }
            State::Raw(hashes) => {
                if c == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    line.code.push('"');
                    line.code.extend(std::iter::repeat_n('#', hashes));
                    state = State::Code;
                    i += 1 + hashes;
                } else {
                    line.code.push(' ');
                    i += 1;
                }
            }
        }
    }
    if !text.is_empty() && !text.ends_with('\n') {
        out.push(line);
    }
    out
}

/// Every function with a body in `lines`, nested ones included, in the order they start.
///
/// A function runs from its `fn` keyword to the brace that closes the first `{` met outside
/// parentheses and brackets; a `;` met first means a declaration without a body (a trait's
/// required method, an extern function), which is skipped. Braces are counted in code only,
/// so any formatting works, rustfmt's or not.
pub(crate) fn functions(lines: &[Line]) -> Vec<Function> {
    let mut out = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let code: Vec<char> = line.code.chars().collect();
        for (after_name, name) in fn_names(&code) {
            if let Some(end) = body_end(lines, index, after_name) {
                out.push(Function { name, line: index + 1, lines: end - index + 1 });
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    LineComment,
    /// Inside a block comment, at this nesting depth (Rust's block comments nest).
    Block(u32),
    Str,
    /// Inside a raw string closed by `"` and this many `#`.
    Raw(usize),
}

pub(crate) fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The number of `#` of a raw string (`r"`, `r#"`, `br"`, `cr#"`) whose `r` is at `i`.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != 'r' {
        return None;
    }
    let starts_token = |at: usize| at == 0 || !is_ident(chars[at - 1]);
    let prefixed = i > 0 && matches!(chars[i - 1], 'b' | 'c') && starts_token(i - 1);
    if !starts_token(i) && !prefixed {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
    (chars.get(i + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// The length, quotes included, of a character literal starting at `i` (`'x'`, `'\n'`,
/// `'\u{7f}'`, `'\''`); `None` for a lifetime or a label (`'a`, `'outer:`).
fn char_literal_length(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '\'' {
        return None;
    }
    match chars.get(i + 1)? {
        '\\' => {
            // The escaped character may itself be a quote: the closing one comes after it.
            let close = (i + 3..chars.len()).take_while(|&j| chars[j] != '\n').find(|&j| chars[j] == '\'')?;
            Some(close - i + 1)
        }
        '\'' | '\n' => None,
        _ => (chars.get(i + 2) == Some(&'\'')).then_some(3),
    }
}

/// Each `fn name` in one line of code: the column just after the name, and the name. `Fn`,
/// `some_fn`, function pointer types (`fn(u32)`) and macro fragments (`fn $name`) are not it.
fn fn_names(code: &[char]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for at in 0..code.len().saturating_sub(2) {
        let keyword = code[at] == 'f' && code[at + 1] == 'n' && code[at + 2].is_whitespace();
        if !keyword || (at > 0 && is_ident(code[at - 1])) {
            continue;
        }
        let start = (at + 2..code.len()).find(|&j| !code[j].is_whitespace()).unwrap_or(code.len());
        let end = (start..code.len()).find(|&j| !is_ident(code[j])).unwrap_or(code.len());
        if end > start && !code[start].is_ascii_digit() {
            out.push((end, code[start..end].iter().collect()));
        }
    }
    out
}

/// The index of the line holding the brace that closes the body of the function whose name
/// ends at `column` of line `first`, or `None` if it has no body.
fn body_end(lines: &[Line], first: usize, column: usize) -> Option<usize> {
    let mut nesting = 0usize; // parentheses and brackets in the signature
    let mut braces = 0usize;
    for (index, line) in lines.iter().enumerate().skip(first) {
        let skip = if index == first { column } else { 0 };
        for c in line.code.chars().skip(skip) {
            match c {
                '(' | '[' if braces == 0 => nesting += 1,
                ')' | ']' if braces == 0 => nesting = nesting.saturating_sub(1),
                ';' if braces == 0 && nesting == 0 => return None,
                '{' if nesting == 0 => braces += 1,
                '}' if braces > 0 => {
                    braces -= 1;
                    if braces == 0 {
                        return Some(index);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(text: &str) -> Vec<String> {
        lines(text).into_iter().map(|l| l.code).collect()
    }

    fn comments_of(text: &str) -> Vec<String> {
        lines(text).into_iter().map(|l| l.comment).collect()
    }

    #[test]
    fn code_and_comments_are_told_apart() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("let a = 1; // one\n", &["let a = 1; "], &[" one"]),
            ("/// Doc.\nfn f() {}\n", &["", "fn f() {}"], &["/ Doc.", ""]),
            ("let url = \"http://x\"; // why\n", &["let url = \"        \"; "], &[" why"]),
            ("a /* b /* c */ d */ e\n", &["a  e"], &[" b  c  d "]),
            ("/* one\ntwo */ x\n", &["", " x"], &[" one", "two "]),
            ("let s = \"a\\\"b // no\";\n", &["let s = \"          \";"], &[""]),
            ("let r = r#\"\"{\"#; // c\n", &["let r = r#\"  \"#; "], &[" c"]),
            ("let c = '{'; let q = '\\''; // c\n", &["let c = ' '; let q = '  '; "], &[" c"]),
            ("fn f<'a>(x: &'a str) {}\n", &["fn f<'a>(x: &'a str) {}"], &[""]),
            ("let s = \"one\ntwo // not a comment\";\n", &["let s = \"   ", "                    \";"], &["", ""]),
            ("let b = br\"}\"; let r#fn = 1;\n", &["let b = br\" \"; let r#fn = 1;"], &[""]),
            ("no newline at the end", &["no newline at the end"], &[""]),
        ];
        for &(text, code, comments) in cases {
            assert_eq!(code_of(text), code, "code of {text:?}");
            assert_eq!(comments_of(text), comments, "comments of {text:?}");
            assert_eq!(lines(text).len(), text.lines().count(), "line count of {text:?}");
        }
    }

    fn measured(text: &str) -> Vec<(String, usize, usize)> {
        functions(&lines(text)).into_iter().map(|f| (f.name, f.line, f.lines)).collect()
    }

    #[test]
    fn a_function_runs_from_its_keyword_to_its_closing_brace() {
        let text = "\
/// Doc comments above do not count.
#[inline]
pub(crate) fn outer(
    x: [u8; 4],
) -> impl Fn(u8) -> u8 {
    let s = \"}}}\";
    let c = '}';
    // } in a comment
    fn inner() { }
    move |y| y
}

trait T {
    fn declared(&self) -> u8;
    fn provided(&self) -> u8 {
        1
    }
}

fn one_line() -> u8 { 1 }
";
        assert_eq!(
            measured(text),
            [
                ("outer".to_string(), 3, 9),
                ("inner".to_string(), 9, 1),
                ("provided".to_string(), 15, 3),
                ("one_line".to_string(), 20, 1),
            ]
        );
    }

    #[test]
    fn things_named_like_fn_are_not_functions() {
        let text = "\
let f: fn(u8) -> u8 = double;
let g: Box<dyn Fn(u8)> = Box::new(double);
let some_fn = 1;
macro_rules! m { ($name:ident) => { fn $name() {} } }
";
        assert_eq!(measured(text), []);
    }
}
