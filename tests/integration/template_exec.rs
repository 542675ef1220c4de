//! Rule templates expanded as Prometheus expands them. The expected
//! texts of `CASES` are what Prometheus' own expansion printed for each
//! template (collected with `promtool test rules`, Prometheus 2.42); where
//! Prometheus 3.x differs, the case says how and expects 3.x.
//! `differential_against_promtool` re-checks every shared case against the
//! installed promtool.

use promlint::template::{expand, expand_alert, ExpandData, QueryHost, QueryResultSample};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

struct Case {
    name: &'static str,
    template: &'static str,
    /// The sample value, as promtool's series notation writes it.
    value: &'static str,
    want: &'static str,
    /// For a 3.x difference: what 2.42 prints, and why they differ.
    go_2_42: Option<(&'static str, &'static str)>,
}

const fn case(
    name: &'static str,
    template: &'static str,
    value: &'static str,
    want: &'static str,
) -> Case {
    Case {
        name,
        template,
        value,
        want,
        go_2_42: None,
    }
}

const fn case_3x(
    name: &'static str,
    template: &'static str,
    value: &'static str,
    want: &'static str,
    old: Option<&'static str>,
    why: &'static str,
) -> Case {
    let old = match old {
        Some(o) => o,
        None => "",
    };
    Case {
        name,
        template,
        value,
        want,
        go_2_42: Some((old, why)),
    }
}

const CASES: &[Case] = &[
    case("value_million", "{{ $value }}", "1234567", "1.234567e+06"),
    case("value_1e21", "{{ $value }}", "1e21", "1e+21"),
    case("value_small", "{{ $value }}", "0.0001", "0.0001"),
    case("value_tiny", "{{ $value }}", "0.00001", "1e-05"),
    case("value_123456", "{{ $value }}", "123456", "123456"),
    case("value_nan", "{{ $value }}", "NaN", "NaN"),
    case("value_inf", "{{ $value }}", "Inf", "+Inf"),
    case("value_neg_inf", "{{ $value }}", "-Inf", "-Inf"),
    case("value_neg_zero", "{{ $value }}", "-0", "-0"),
    case("value_100", "{{ $value }}", "100", "100"),
    case("humanize_mega", "{{ humanize $value }}", "1234567", "1.235M"),
    case("humanize_micro", "{{ humanize $value }}", "0.000123", "123u"),
    case("humanize_nan", "{{ humanize $value }}", "NaN", "NaN"),
    case("humanize_neg_inf", "{{ humanize $value }}", "-Inf", "-Inf"),
    case("humanize_zero", "{{ humanize $value }}", "0", "0"),
    case("humanize_round_up", "{{ humanize $value }}", "999.95", "1000"),
    case("humanize_beyond_yotta", "{{ humanize $value }}", "1e30", "1e+06Y"),
    case("humanize_string", "{{ humanize \"12345\" }}", "1", "12.35k"),
    case("humanize_int", "{{ humanize 12345 }}", "1", "12.35k"),
    case("humanize_bool", "{{ humanize true }}", "1", "<error expanding template: error executing template __alert_humanize_bool: template: __alert_humanize_bool:1:115: executing \"__alert_humanize_bool\" at <humanize true>: error calling humanize: can't convert bool to float>"),
    case("humanize1024_mebi", "{{ humanize1024 $value }}", "1048576", "1Mi"),
    case("humanize1024_small", "{{ humanize1024 $value }}", "0.5", "0.5"),
    case("humanize1024_negative", "{{ humanize1024 $value }}", "-2048", "-2ki"),
    case("duration_minutes", "{{ humanizeDuration $value }}", "899.99", "14m 59s"),
    case("duration_days", "{{ humanizeDuration $value }}", "90061", "1d 1h 1m 1s"),
    case("duration_millis", "{{ humanizeDuration $value }}", "0.0123", "12.3ms"),
    case("duration_negative", "{{ humanizeDuration $value }}", "-3700", "-1h 1m 40s"),
    case("duration_zero", "{{ humanizeDuration $value }}", "0", "0s"),
    case("duration_seconds", "{{ humanizeDuration $value }}", "1.5", "1.5s"),
    case("percentage", "{{ humanizePercentage $value }}", "0.1234567", "12.35%"),
    case("timestamp_millis", "{{ humanizeTimestamp $value }}", "1435065584.128", "2015-06-23 13:19:44.128 +0000 UTC"),
    case("timestamp_zero", "{{ humanizeTimestamp $value }}", "0", "1970-01-01 00:00:00 +0000 UTC"),
    case("timestamp_negative", "{{ humanizeTimestamp $value }}", "-1.5", "1969-12-31 23:59:58.5 +0000 UTC"),
    case("timestamp_nan", "{{ humanizeTimestamp $value }}", "NaN", "NaN"),
    case("timestamp_overflow", "{{ humanizeTimestamp $value }}", "1e20", "<error expanding template: error executing template __alert_timestamp_overflow: template: __alert_timestamp_overflow:1:115: executing \"__alert_timestamp_overflow\" at <humanizeTimestamp $value>: error calling humanizeTimestamp: 1e+20 cannot be represented as a nanoseconds timestamp since it overflows int64>"),
    case("printf_f", "{{ printf \"%.2f\" $value }}", "3.14159", "3.14"),
    case("printf_d_float", "{{ printf \"%d\" $value }}", "3", "%!d(float64=3)"),
    case("printf_mixed", "{{ printf \"%5.1f|%-8s|%03d|%x|%X|%q|%t|%%\" $value \"ab\" 7 255 \"hi\" \"q\" true }}", "2.25", "  2.2|ab      |007|ff|6869|\"q\"|true|%"),
    case("printf_e_g", "{{ printf \"%e %E %g %G\" $value $value $value $value }}", "123456789", "1.234568e+08 1.234568E+08 1.23456789e+08 1.23456789E+08"),
    case("printf_missing", "{{ printf \"%v %v\" 1 }}", "1", "1 %!v(MISSING)"),
    case("printf_bad_verb", "{{ printf \"%d\" \"x\" }}", "1", "%!d(string=x)"),
    case("printf_extra", "{{ printf \"%s\" 1 2 }}", "1", "%!s(int=1)%!(EXTRA int=2)"),
    case("printf_bang", "{{ printf \"%!\" }}", "1", "%!!(MISSING)"),
    case("printf_noverb", "{{ printf \"%\" }}", "1", "%!(NOVERB)"),
    case("printf_flags", "{{ printf \"%+d % d %+.3e\" 5 5 $value }}", "-1234.5678", "+5  5 -1.235e+03"),
    case("printf_zero_pad", "{{ printf \"%08.3f|%-8.2f|%+08d\" $value $value 42 }}", "-3.14159", "-003.142|-3.14   |+0000042"),
    case("printf_g_precision", "{{ printf \"%6.2g|%.0f|%.0f|%.1f\" $value 0.5 1.5 0.25 }}", "123456", "1.2e+05|0|2|0.2"),
    case("printf_type", "{{ printf \"%T %T %T %T %T\" 1 1.5 \"s\" $labels $value }}", "1", "int float64 string map[string]string float64"),
    case("printf_map", "{{ printf \"%v\" $labels }}", "1", "map[__name__:m case:printf_map instance:host.example.com:9090 job:node]"),
    case("printf_int_verbs", "{{ printf \"%#x %#o %b %c %U %q\" 255 8 5 65 65 66 }}", "1", "0xff 010 101 A U+0041 'B'"),
    case("if_else_if", "{{ if gt $value 1.0 }}big{{ else if eq $value 1.0 }}one{{ else }}small{{ end }}", "1", "one"),
    case("gt_mixed_types", "{{ if gt $value 1 }}x{{ end }}", "2", "<error expanding template: error executing template __alert_gt_mixed_types: template: __alert_gt_mixed_types:1:118: executing \"__alert_gt_mixed_types\" at <gt $value 1>: error calling gt: incompatible types for comparison>"),
    case("range_query", "{{ range $i, $e := query \"up\" }}{{ $i }}={{ $e.Labels.instance }}:{{ $e.Value }};{{ end }}", "1", "0=a:9090:1;"),
    case("range_else", "{{ range query \"nothing\" }}x{{ else }}empty{{ end }}", "1", "empty"),
    case("with_first_value", "{{ with query \"up\" }}{{ . | first | value }}{{ end }}", "1", "1"),
    case("pipe_label", "{{ query \"up\" | first | label \"instance\" }}", "1", "a:9090"),
    case("sort_by_label", "{{ range sortByLabel \"instance\" (query \"up\") }}{{ .Labels.instance }} {{ end }}", "1", "a:9090 "),
    case("first_empty", "{{ with query \"nothing\" }}{{ . | first }}{{ end }}|{{ query \"nothing\" | first }}", "1", "<error expanding template: error executing template __alert_first_empty: template: __alert_first_empty:1:184: executing \"__alert_first_empty\" at <first>: error calling first: first() called on vector with no elements>"),
    case("missing_labels", "{{ $labels.missing }}|{{ .Labels.missing }}|{{ index $labels \"missing\" }}|", "1", "|||"),
    case("assign_in_if", "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}", "1", "2"),
    case("external", "{{ range $k, $v := $externalLabels }}{{ $k }}={{ $v }}{{ end }} {{ $externalURL }} {{ .ExternalURL }}", "1", "region=eu http://prom.example:9090/prefix http://prom.example:9090/prefix"),
    case("len_index_slice", "{{ len $labels }} {{ len \"héllo\" }} {{ index \"abc\" 1 }} {{ slice \"abcdef\" 1 3 }} {{ slice \"abc\" 1 }}", "1", "4 6 98 bc bc"),
    case("and_or_not", "{{ and 1 0 2 }} {{ or 0 \"\" \"x\" }} {{ not 0 }} {{ and 1 2 }} {{ or 0 false }}", "1", "0 x true 2 false"),
    case("comparisons", "{{ eq 1 1 2 }} {{ ne \"a\" \"b\" }} {{ lt 1 2 }} {{ le 2 2 }} {{ ge \"b\" \"a\" }} {{ eq $value 1.0 }}", "1", "true true true true true true"),
    case("eq_mixed_types", "{{ eq $value 1 }}", "1", "<error expanding template: error executing template __alert_eq_mixed_types: template: __alert_eq_mixed_types:1:115: executing \"__alert_eq_mixed_types\" at <eq $value 1>: error calling eq: incompatible types for comparison>"),
    case("lt_bools", "{{ lt true false }}", "1", "<error expanding template: error executing template __alert_lt_bools: template: __alert_lt_bools:1:115: executing \"__alert_lt_bools\" at <lt true false>: error calling lt: invalid type for comparison>"),
    case("print_spacing", "{{ print 1 2 \"a\" \"b\" 3 nil }}|{{ println 1 \"a\" }}|{{ print }}", "1", "1 2ab3 <nil>|1 a\n|"),
    case("html_js_urlquery", "{{ html \"<a href='x'>&\\\"\" }} {{ js \"it's <b>\\\\ = &\" }} {{ urlquery \"a b&c=d/é\" }}", "1", "&lt;a href=&#39;x&#39;&gt;&amp;&#34; it\\'s \\u003Cb\\u003E\\\\ \\u003D \\u0026 a+b%26c%3Dd%2F%C3%A9"),
    case("pipe_final_arg", "{{ \"x\" | printf \"%s-%s\" \"y\" }}", "1", "y-x"),
    case_3x("title_upper_lower", "{{ title \"hello world-foo don't_x 1st\" }}|{{ toUpper \"aBc ß\" }}|{{ toLower \"ÀBC\" }}", "1", "Hello World-Foo Don't_x 1St|ABC ß|àbc", Some("Hello World-Foo Don'T_x 1st|ABC ß|àbc"), "3.x titles with cases.Title: the first cased letter after a word break, none after an apostrophe (2.42 strings.Title: Don'T_x, 1st)"),
    case("match_replace", "{{ match \"^h.*:\\\\d+$\" $labels.instance }} {{ reReplaceAll \"(.*):(\\\\d+)\" \"$2@$1\" $labels.instance }} {{ reReplaceAll \"o\" \"${1}x$$\" \"foo\" }}", "1", "true 9090@host.example.com fx$x$"),
    case("replace_bad_regex", "{{ reReplaceAll \"(\" \"\" \"x\" }}", "1", "<error expanding template: error executing template __alert_replace_bad_regex: template: __alert_replace_bad_regex:1:115: executing \"__alert_replace_bad_regex\" at <reReplaceAll \"(\" \"\" \"x\">: error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`>"),
    case("match_bad_regex", "{{ match \"(\" \"x\" }}", "1", "<error expanding template: error executing template __alert_match_bad_regex: template: __alert_match_bad_regex:1:115: executing \"__alert_match_bad_regex\" at <match \"(\" \"x\">: error calling match: error parsing regexp: missing closing ): `(`>"),
    case("strip_port", "{{ stripPort \"host:90\" }} {{ stripPort \"[::1]:90\" }} {{ stripPort \"nohost\" }} {{ stripPort \"::1\" }}", "1", "host ::1 nohost ::1"),
    case("graph_table_link", "{{ graphLink \"up == 0\" }} {{ tableLink \"rate(x[5m])\" }}", "1", "/graph?g0.expr=up+%3D%3D+0&g0.tab=0 /graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=1"),
    case("path_prefix", "{{ pathPrefix }} {{ externalURL }}", "1", "<error expanding template: error executing template __alert_path_prefix: template: __alert_path_prefix:1:115: executing \"__alert_path_prefix\" at <pathPrefix>: error calling pathPrefix: runtime error: invalid memory address or nil pointer dereference>"),
    case("parse_duration", "{{ parseDuration \"1h30m\" }} {{ parseDuration \"1d\" }} {{ parseDuration \"500ms\" }}", "1", "5400 86400 0.5"),
    case("parse_duration_bad", "{{ parseDuration \"x\" }}", "1", "<error expanding template: error executing template __alert_parse_duration_bad: template: __alert_parse_duration_bad:1:115: executing \"__alert_parse_duration_bad\" at <parseDuration \"x\">: error calling parseDuration: not a valid duration string: \"x\">"),
    case("args_map", "{{ $a := args 1 \"two\" 3.5 }}{{ $a.arg0 }} {{ $a.arg1 }} {{ $a.arg2 }} {{ $a.arg3 }}", "1", "1 two 3.5 <no value>"),
    case("safe_html_strvalue", "{{ safeHtml \"<b>\" }} {{ strvalue (query \"up\" | first) }}|", "1", "<b> |"),
    case("define_template", "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" $value }}{{ template \"x\" }}", "7", "[7][<no value>]"),
    case("block", "{{ block \"b\" 5 }}<{{ . }}>{{ end }}", "1", "<5>"),
    case("template_undefined", "{{ template \"nope\" }}", "1", "<error expanding template: error executing template __alert_template_undefined: template: __alert_template_undefined:1:124: executing \"__alert_template_undefined\" at <{{template \"nope\"}}>: template \"nope\" not defined>"),
    case("trim_markers", "{{- \"a\" -}}   {{- \"b\" }}  {{ \"c\" -}}  d", "1", "ab  cd"),
    case("break_continue", "{{ range $i, $e := query \"up\" }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $i }}{{ end }}|{{ range $i, $e := query \"up\" }}{{ if eq $i 0 }}{{ continue }}{{ end }}{{ $i }}{{ end }}", "1", "0|"),
    case_3x("unknown_field", "{{ .Foo }}", "1", "<error expanding template: error executing template __alert_unknown_field: template: __alert_unknown_field:1:115: executing \"__alert_unknown_field\" at <.Foo>: can't evaluate field Foo in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }>", Some("<error expanding template: error executing template __alert_unknown_field: template: __alert_unknown_field:1:115: executing \"__alert_unknown_field\" at <.Foo>: can't evaluate field Foo in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }>"), "3.x types .Value as interface {} (2.42: float64)"),
    case("field_of_string", "{{ $labels.job.x }}", "1", "<error expanding template: error executing template __alert_field_of_string: template: __alert_field_of_string:1:122: executing \"__alert_field_of_string\" at <$labels.job.x>: can't evaluate field x in type string>"),
    case("index_wrong_key", "{{ index $labels 1 }}", "1", "<error expanding template: error executing template __alert_index_wrong_key: template: __alert_index_wrong_key:1:115: executing \"__alert_index_wrong_key\" at <index $labels 1>: error calling index: value has type int; should be string>"),
    case("index_out_of_range", "{{ index \"abc\" 5 }}", "1", "<error expanding template: error executing template __alert_index_out_of_range: template: __alert_index_out_of_range:1:115: executing \"__alert_index_out_of_range\" at <index \"abc\" 5>: error calling index: index out of range: 5>"),
    case("slice_inverted", "{{ slice \"abc\" 2 1 }}", "1", "<error expanding template: error executing template __alert_slice_inverted: template: __alert_slice_inverted:1:115: executing \"__alert_slice_inverted\" at <slice \"abc\" 2 1>: error calling slice: invalid slice index: 2 > 1>"),
    case("len_int", "{{ len 3 }}", "1", "<error expanding template: error executing template __alert_len_int: template: __alert_len_int:1:115: executing \"__alert_len_int\" at <len 3>: error calling len: len of type int>"),
    case("not_two_args", "{{ not 1 2 }}", "1", "<error expanding template: error executing template __alert_not_two_args: template: __alert_not_two_args:1:115: executing \"__alert_not_two_args\" at <not>: wrong number of args for not: want 1 got 2>"),
    case("humanize_no_args", "{{ humanize }}", "1", "<error expanding template: error executing template __alert_humanize_no_args: template: __alert_humanize_no_args:1:115: executing \"__alert_humanize_no_args\" at <humanize>: wrong number of args for humanize: want 1 got 0>"),
    case("label_number", "{{ label 1 2 }}", "1", "<error expanding template: error executing template __alert_label_number: template: __alert_label_number:1:121: executing \"__alert_label_number\" at <1>: expected string; found 1>"),
    case("first_string", "{{ first \"x\" }}", "1", "<error expanding template: error executing template __alert_first_string: template: __alert_first_string:1:121: executing \"__alert_first_string\" at <\"x\">: can't handle \"x\" for arg of type template.queryResult>"),
    case("pipe_humanize_printf", "{{ $value | humanize | printf \"%s!\" }}", "1500", "1.5k!"),
    case("chain_on_pipe", "{{ (query \"up\" | first).Labels.job }}", "1", "node"),
    case_3x("range_int", "{{ range 3 }}x{{ end }}", "1", "xxx", Some("<error expanding template: error executing template __alert_range_int: template: __alert_range_int:1:121: executing \"__alert_range_int\" at <3>: range can't iterate over 3>"), "Go 1.22 ranges over integers (2.42 is built with an older Go)"),
    case("range_string", "{{ range \"abc\" }}x{{ end }}", "1", "<error expanding template: error executing template __alert_range_string: template: __alert_range_string:1:121: executing \"__alert_range_string\" at <\"abc\">: range can't iterate over abc>"),
    case_3x("call_float", "{{ call $value }}", "1", "<error expanding template: error executing template __alert_call_float: template: __alert_call_float:1:115: executing \"__alert_call_float\" at <call $value>: error calling call: non-function $value of type float64>", Some("<error expanding template: error executing template __alert_call_float: template: __alert_call_float:1:115: executing \"__alert_call_float\" at <call $value>: error calling call: non-function of type float64>"), "Go 1.21 names the argument in call's error"),
    case("printf_s_float", "{{ printf \"%s\" $value }} {{ printf \"%5s|%-5s|%.1s\" \"ab\" \"ab\" \"xyz\" }}", "1.5", "%!s(float64=1.5)    ab|ab   |x"),
    case("printf_nil_empty", "{{ printf \"%v %v %v\" (query \"nothing\") true nil }}", "1", "[] true <nil>"),
    case("to_time", "{{ toTime $value }}|{{ (toTime $value).Unix }}", "1600000000.5", "2020-09-13 12:26:40.5 +0000 UTC|1600000000"),
    case("humanize_strings", "{{ humanize \"1e3\" }} {{ humanize \"0x10p0\" }} {{ humanize \"Inf\" }} {{ humanize \"1_000\" }}", "1", "1k 16 +Inf 1k"),
    case("humanize_out_of_range", "{{ humanize \"1e400\" }}", "1", "<error expanding template: error executing template __alert_humanize_out_of_range: template: __alert_humanize_out_of_range:1:115: executing \"__alert_humanize_out_of_range\" at <humanize \"1e400\">: error calling humanize: strconv.ParseFloat: parsing \"1e400\": value out of range>"),
    case("number_constants", "{{ 1.5 }} {{ 1e3 }} {{ 0x10 }} {{ 'a' }} {{ -3 }} {{ 017 }} {{ 1_000 }}", "1", "1.5 1000 16 97 -3 15 1000"),
    case("printf_g_more", "{{ printf \"%.3g|%g|%g|%g\" 1234.5678 1e-5 1e20 0.000123 }}", "1", "1.23e+03|1e-05|1e+20|0.000123"),
    case("printf_hex", "{{ printf \"%x %X %o\" -255 3.5 \"a\" }}", "1", "-ff 0X1.CP+01 %!o(string=a)"),
    case("printf_percent", "{{ printf \"%6.2f%%\" 12.3456 }}", "1", " 12.35%"),
    case("var_scope_range", "{{ range $i, $e := query \"up\" }}{{ $x := $i }}{{ end }}{{ $value }}", "2", "2"),
    case("nested_if_with", "{{ with $labels.job }}{{ if eq . \"node\" }}job={{ . }} {{ $.Labels.instance }}{{ end }}{{ end }}", "1", "job=node host.example.com:9090"),
    case("dollar_root", "{{ $.Value }} {{ $.Labels.job }} {{ .Value }}", "42", "42 node 42"),
    case("comment", "a{{/* hidden */}}b{{- /* trimmed */ -}} c", "1", "abc"),
    case("ne_nil", "{{ $a := args }}{{ if $a.arg0 }}x{{ else }}none{{ end }} {{ len $a }}", "1", "none 0"),
    case("printf_quote", "{{ printf \"%q %+q %#q\" \"a\\tb\\\"c\" \"é\" \"x`y\" }}", "1", "\"a\\tb\\\"c\" \"\\u00e9\" \"x`y\""),
    case("printf_width_star", "{{ printf \"%*d|%-*d|%.*f\" 5 42 4 7 2 3.14159 }}", "1", "   42|7   |3.14"),
    case("humanize_negative", "{{ humanize -1234.5 }} {{ humanize -0.0012 }} {{ humanize 1e-30 }}", "1", "-1.234k -1.2m 1e-06y"),
    case("humanize_percentage_str", "{{ humanizePercentage \"0.5\" }} {{ humanizePercentage $value }}", "NaN", "50% NaN%"),
    case("duration_big", "{{ humanizeDuration 1e9 }} {{ humanizeDuration 59.999 }} {{ humanizeDuration 0.000001 }}", "1", "11574d 1h 46m 40s 60s 1us"),
    case("index_query", "{{ (index (query \"up\") 0).Value }} {{ index (query \"up\") 0 | value }}", "1", "1 1"),
    case("len_query", "{{ len (query \"up\") }} {{ len (query \"nothing\") }}", "1", "1 0"),
    case("value_printf_v", "{{ printf \"%v|%.3v|%8.2v\" $value $value $value }}", "3.14159", "3.14159|3.14|     3.1"),
    case("escape_in_string", "{{ \"a\\nb\\u00e9\\x41\" }} {{ `raw\\n` }}", "1", "a\nbéA raw\\n"),
    case("float_constants", "{{ 1e-7 }} {{ 123456789.0 }} {{ 0.1 }} {{ 1e6 }}", "1", "1e-07 1.23456789e+08 0.1 1e+06"),
    case("eq_strings_multi", "{{ eq $labels.job \"x\" \"node\" }} {{ eq \"\" $labels.none }}", "1", "true true"),
    case("range_map_vars", "{{ range $k, $v := $labels }}{{ if ne $k \"case\" }}{{ $k }}={{ $v }},{{ end }}{{ end }}", "1", "__name__=m,instance=host.example.com:9090,job=node,"),
    case("range_map_one_var", "{{ range $v := $externalLabels }}{{ $v }}{{ end }}", "1", "eu"),
    case("variable_print_map", "{{ $externalLabels }}", "1", "map[region:eu]"),
    case("slice_query", "{{ len (slice (query \"up\") 0 1) }}", "1", "1"),
    case("print_sample", "{{ query \"up\" | first }}", "1", "{map[__name__:up instance:a:9090 job:node] 1}"),
    case("print_data", "{{ . }}", "2.5", "{map[__name__:m case:print_data instance:host.example.com:9090 job:node] map[region:eu] http://prom.example:9090/prefix 2.5}"),
    case("print_samples_empty", "{{ query \"nothing\" }}|{{ len (query \"nothing\") }}", "1", "[]|0"),
    case("printf_time", "{{ printf \"%v|%s\" (toTime 0) (toTime 1.25) }}", "1", "1970-01-01 00:00:00 +0000 UTC|1970-01-01 00:00:01.25 +0000 UTC"),
    case("humanize_sample_error", "{{ humanize (query \"up\" | first) }}", "1", "<error expanding template: error executing template __alert_humanize_sample_error: template: __alert_humanize_sample_error:1:115: executing \"__alert_humanize_sample_error\" at <humanize (query \"up\" | first)>: error calling humanize: can't convert *template.sample to float>"),
    case("humanize_time_error", "{{ humanizeTimestamp (toTime 5) }}", "1", "<error expanding template: error executing template __alert_humanize_time_error: template: __alert_humanize_time_error:1:115: executing \"__alert_humanize_time_error\" at <humanizeTimestamp (toTime 5)>: error calling humanizeTimestamp: can't convert *time.Time to float>"),
    case("label_missing", "{{ query \"up\" | first | label \"nope\" }}|", "1", "|"),
    case("value_pipe_humanize", "{{ query \"node_load1\" | first | value | humanizePercentage }}", "1", "50%"),
    case("safe_html_upper", "{{ safeHtml \"x\" | toUpper }}", "1", "<error expanding template: error executing template __alert_safe_html_upper: template: __alert_safe_html_upper:1:130: executing \"__alert_safe_html_upper\" at <toUpper>: wrong type for value; expected string; got template.HTML>"),
    case("printf_html", "{{ printf \"%s|%d\" (safeHtml \"<i>\") (safeHtml \"y\") }}", "1", "<i>|%!d(template.HTML=y)"),
    case("eq_html_string", "{{ eq (safeHtml \"a\") \"a\" }}", "1", "true"),
    case("index_map_nil", "{{ index $labels nil }}", "1", "<error expanding template: error executing template __alert_index_map_nil: template: __alert_index_map_nil:1:115: executing \"__alert_index_map_nil\" at <index $labels nil>: error calling index: value is nil; should be of type string>"),
    case("index_nil", "{{ index nil 1 }}", "1", "<error expanding template: error executing template __alert_index_nil: template: __alert_index_nil:1:115: executing \"__alert_index_nil\" at <index nil 1>: error calling index: index of untyped nil>"),
    case("len_nil_var", "{{ $a := args }}{{ len $a.arg0 }}", "1", "<error expanding template: error executing template __alert_len_nil_var: template: __alert_len_nil_var:1:131: executing \"__alert_len_nil_var\" at <len $a.arg0>: error calling len: len of nil pointer>"),
    case("field_on_nil", "{{ $a := args }}{{ $a.arg0.foo }}", "1", "<error expanding template: error executing template __alert_field_on_nil: template: __alert_field_on_nil:1:133: executing \"__alert_field_on_nil\" at <$a.arg0.foo>: nil pointer evaluating interface {}.foo>"),
    case("nil_command", "{{ nil }}", "1", "<error expanding template: error executing template __alert_nil_command: template: __alert_nil_command:1:115: executing \"__alert_nil_command\" at <nil>: nil is not a command>"),
    case("arg_to_nonfunc", "{{ $value 1 }}", "1", "<error expanding template: error executing template __alert_arg_to_nonfunc: template: __alert_arg_to_nonfunc:1:115: executing \"__alert_arg_to_nonfunc\" at <$value>: can't give argument to non-function $value>"),
    case("var_chain_fields", "{{ $.Labels.job }}/{{ $.ExternalLabels.region }}/{{ $.ExternalURL }}", "1", "node/eu/http://prom.example:9090/prefix"),
    case("printf_plus_inf", "{{ printf \"%+.2f|%08.2f|% f|%5.1f\" $value $value $value $value }}", "Inf", "+Inf|    +Inf| Inf| +Inf"),
    case("printf_nan_flags", "{{ printf \"%+f|% f|%08f\" $value $value $value }}", "NaN", "+NaN| NaN|     NaN"),
    case("printf_neg_zero", "{{ printf \"%f|%g|%v|%.0e\" $value $value $value $value }}", "-0", "-0.000000|-0|-0|-0e+00"),
    case("humanize_neg_zero", "{{ humanize $value }} {{ humanize1024 $value }} {{ humanizeDuration $value }}", "-0", "-0 -0 -0s"),
    case("printf_big_int", "{{ printf \"%d|%x|%08b\" 9223372036854775807 -9223372036854775808 5 }}", "1", "9223372036854775807|-8000000000000000|00000101"),
    case("printf_float_g_exp", "{{ printf \"%g|%g|%g|%G\" 1e21 1e-4 123456789012 1e-10 }}", "1", "1e+21|0.0001|%!g(int=123456789012)|1E-10"),
    case("printf_e_prec0", "{{ printf \"%.0e|%.1e|%e\" 15.0 0.05 0.0 }}", "1", "2e+01|5.0e-02|0.000000e+00"),
    case("printf_index_arg", "{{ printf \"%[2]d %[1]d\" 1 2 }}", "1", "2 1"),
    case("print_bool_num", "{{ print true 1.5 false }}", "1", "true 1.5 false"),
    case("urlquery_multi", "{{ urlquery 1 \"a b\" }}|{{ html 1 2 }}|{{ js \"\\u2028x\" }}", "1", "1a+b|1 2|\\u2028x"),
    case("and_final", "{{ 0 | and 1 }}|{{ 2 | or 0 }}|{{ \"\" | and 1 }}", "1", "0|2|"),
    case("template_dot_var", "{{ define \"t\" }}{{ $ }}-{{ . }}{{ end }}{{ template \"t\" \"x\" }}", "1", "x-x"),
    case("range_else_nil", "{{ range $a := (args).arg0 }}x{{ else }}nil{{ end }}", "1", "nil"),
    case("range_break_map", "{{ range $k, $v := $labels }}{{ if eq $k \"instance\" }}{{ break }}{{ end }}{{ $k }};{{ end }}", "1", "__name__;case;"),
    case("with_else", "{{ with $labels.nothing }}x{{ else }}{{ . }}{{ end }}", "1", "{map[__name__:m case:with_else instance:host.example.com:9090 job:node] map[region:eu] http://prom.example:9090/prefix 1}"),
    case("if_decl_scope", "{{ if $x := $labels.job }}{{ $x }}{{ end }}", "1", "node"),
    case("assign_undefined_error", "{{ $value = 3 }}{{ $value }}", "1", "3"),
    case("strip_port_ipv6", "{{ stripPort \"[fe80::1%eth0]:80\" }} {{ stripPort \"a:b:c\" }} {{ stripPort \":80\" }}", "1", "fe80::1%eth0 a:b:c "),
    case("title_basic", "{{ title \"foo bar\" }}|{{ title \"FOO bar\" }}|{{ title \"\" }}", "1", "Foo Bar|FOO Bar|"),
    case("match_anchors", "{{ match \"node\" $labels.job }} {{ match \"^ode\" $labels.job }} {{ match \"(?i)NODE\" $labels.job }} {{ match \"\\\\d\" \"٣\" }}", "1", "true false true false"),
    case("replace_groups", "{{ reReplaceAll \"(?P<h>[^.]+)\\\\.(.*)\" \"${h}|$2|$3|$h2\" $labels.instance }}", "1", "host|example.com:9090||"),
    case("humanize_strings_bad", "{{ humanize \"\" }}", "1", "<error expanding template: error executing template __alert_humanize_strings_bad: template: __alert_humanize_strings_bad:1:115: executing \"__alert_humanize_strings_bad\" at <humanize \"\">: error calling humanize: strconv.ParseFloat: parsing \"\": invalid syntax>"),
    case("humanize_hex_noexp", "{{ humanize \"0x10\" }}", "1", "<error expanding template: error executing template __alert_humanize_hex_noexp: template: __alert_humanize_hex_noexp:1:115: executing \"__alert_humanize_hex_noexp\" at <humanize \"0x10\">: error calling humanize: strconv.ParseFloat: parsing \"0x10\": invalid syntax>"),
    case("number_char_escape", "{{ '\\n' }} {{ '\\x41' }} {{ '€' }}", "1", "10 65 8364"),
    case("sharpv_values", "{{ printf \"%#v|%#v|%#v|%#v|%#v|%#v\" 1 \"a\\\"b\" 1.0 1e6 1e21 true }}", "1", "1|\"a\\\"b\"|1|1e+06|1e+21|true"),
    case("sharpv_maps", "{{ printf \"%#v\" $externalLabels }}|{{ printf \"%#v\" (args 1 \"x\") }}|{{ printf \"%#v\" nil }}", "1", "map[string]string{\"region\":\"eu\"}|map[string]interface {}{\"arg0\":1, \"arg1\":\"x\"}|<nil>"),
    case("printf_map_verbs", "{{ printf \"%s|%d|%5v\" $externalLabels $externalLabels $externalLabels }}", "1", "map[region:eu]|map[%!d(string=region):%!d(string=eu)]|map[region:   eu]"),
    case("printf_args_map", "{{ printf \"%v\" (args 1 \"a\" 2.5 nil) }}|{{ args 1 }}", "1", "map[arg0:1 arg1:a arg2:2.5 arg3:<nil>]|map[arg0:1]"),
    case_3x("printf_type_data", "{{ printf \"%T|%T|%T|%T|%T\" . (query \"up\") (query \"up\" | first) (args) (safeHtml \"\") }}", "1", "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }|template.queryResult|*template.sample|map[string]interface {}|template.HTML", Some("struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }|template.queryResult|*template.sample|map[string]interface {}|template.HTML"), "3.x types .Value as interface {} (2.42: float64)"),
    case("printf_string_hex", "{{ printf \"%x|% x|%#x|%X|%.1x\" \"héllo\" \"ab\" \"ab\" \"ab\" \"ab\" }}", "1", "68c3a96c6c6f|61 62|0x6162|6162|61"),
    case("printf_pad_v", "{{ printf \"%5v|%-5v|%05d|%5t|%-6.2f|\" \"ab\" 3 -42 true 1.0 }}", "1", "   ab|3    |-0042| true|1.00  |"),
    case("printf_unicode_width", "{{ printf \"%5s|%-4s|%.2s\" \"é€\" \"日本\" \"日本語\" }}", "1", "   é€|日本  |日本"),
    case("printf_c_q_u", "{{ printf \"%c|%q|%U|%#U|%q\" 0x1F600 0x1F600 0x1F600 0x1F600 10 }}", "1", "😀|'😀'|U+1F600|U+1F600 '😀'|'\\n'"),
    case("printf_o_b", "{{ printf \"%o|%#o|%O|%b|%#b|%#X\" 64 64 64 -5 5 255 }}", "1", "100|0100|0o100|-101|0b101|0XFF"),
    case("printf_prec_int", "{{ printf \"%.3d|%8.3d|%-8.3d|%+.3d|%.0d|%08.3d\" 7 7 7 7 0 7 }}", "1", "007|     007|007     |+007||     007"),
    case("printf_sharp_float", "{{ printf \"%#g|%#.3g|%#e|%#f|%#.0f|%#v\" 1.0 1.0 1.0 1.0 1.0 1.0 }}", "1", "1.00000|1.00|1.000000e+00|1.000000|1.|1"),
    case("printf_bad_width", "{{ printf \"%*d|%.*d\" \"x\" 1 \"y\" 2 }}", "1", "%!(BADWIDTH)1|%!(BADPREC)2"),
    case("printf_bad_index", "{{ printf \"%[3]d|%[0]d|%[x]d\" 1 2 }}", "1", "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)"),
    case("printf_nil_verbs", "{{ printf \"%d|%s|%v|%T\" nil nil nil nil }}", "1", "%!d(<nil>)|%!s(<nil>)|<nil>|<nil>"),
    case("printf_bool_verbs", "{{ printf \"%d|%s|%v|%q\" true false true false }}", "1", "%!d(bool=true)|%!s(bool=false)|true|%!q(bool=false)"),
    case("printf_time_dur", "{{ printf \"%v|%s|%d|%T|%T\" (toTime 1.5) (toTime 2) (toTime 3) (toTime 4) 1 }}", "1", "1970-01-01 00:00:01.5 +0000 UTC|1970-01-01 00:00:02 +0000 UTC|&{0 62135596803 0}|*time.Time|int"),
    case("print_mixed_strings", "{{ print \"a\" 1 2 \"b\" \"c\" nil nil true }}", "1", "a1 2bc<nil> <nil> true"),
    case("println_many", "{{ println }}|{{ println \"a\" \"b\" 1 }}", "1", "\n|a b 1\n"),
    case("html_js_nonstring", "{{ html 1.5 }}|{{ js nil }}|{{ urlquery true }}|{{ html $labels.job }}|{{ js \"\\u0001\\u007f\" }}", "1", "1.5|\\u003Cno value\\u003E|true|node|\\u0001"),
    case("eq_one_arg", "{{ eq 1 }}", "1", "<error expanding template: error executing template __alert_eq_one_arg: template: __alert_eq_one_arg:1:115: executing \"__alert_eq_one_arg\" at <eq 1>: error calling eq: missing argument for comparison>"),
    case("ne_three_args", "{{ ne 1 2 3 }}", "1", "<error expanding template: error executing template __alert_ne_three_args: template: __alert_ne_three_args:1:115: executing \"__alert_ne_three_args\" at <ne>: wrong number of args for ne: want 2 got 3>"),
    case("index_nested", "{{ index (args (args 7)) \"arg0\" \"arg0\" }}|{{ index $labels \"job\" 0 }}", "1", "7|110"),
    case("len_html_slice", "{{ len (safeHtml \"abc\") }}|{{ slice (safeHtml \"abcd\") 1 2 }}|{{ slice \"abc\" 1 2 3 }}", "1", "<error expanding template: error executing template __alert_len_html_slice: template: __alert_len_html_slice:1:176: executing \"__alert_len_html_slice\" at <slice \"abc\" 1 2 3>: error calling slice: cannot 3-index slice a string>"),
    case("slice_bad", "{{ slice 1 }}", "1", "<error expanding template: error executing template __alert_slice_bad: template: __alert_slice_bad:1:115: executing \"__alert_slice_bad\" at <slice 1>: error calling slice: can't slice item of type int>"),
    case("index_float", "{{ index \"abc\" 1.5 }}", "1", "<error expanding template: error executing template __alert_index_float: template: __alert_index_float:1:115: executing \"__alert_index_float\" at <index \"abc\" 1.5>: error calling index: cannot index slice/array with type float64>"),
    case("and_or_values", "{{ and \"a\" (args) 3 }}|{{ or (args) \"\" 0 }}|{{ and }}", "1", "<error expanding template: error executing template __alert_and_or_values: template: __alert_and_or_values:1:159: executing \"__alert_and_or_values\" at <and>: wrong number of args for and: want at least 1 got 0>"),
    case("not_values", "{{ not \"\" }}{{ not (args) }}{{ not $labels }}{{ not nil }}", "1", "truetruefalsetrue"),
    case("compare_strings_ints", "{{ lt \"a\" \"b\" }} {{ gt 2 1 }} {{ ge 1 1 }} {{ le 1.5 2.5 }} {{ lt 'a' 98 }}", "1", "true true true true true"),
    case("compare_nan", "{{ gt $value 1.0 }} {{ lt $value 1.0 }} {{ eq $value $value }} {{ ge $value 0.0 }} {{ le $value 0.0 }}", "NaN", "true false false true false"),
    case("compare_maps", "{{ eq $labels $labels }}", "1", "<error expanding template: error executing template __alert_compare_maps: template: __alert_compare_maps:1:115: executing \"__alert_compare_maps\" at <eq $labels $labels>: error calling eq: non-comparable type map[__name__:m case:compare_maps instance:host.example.com:9090 job:node]: map[string]string>"),
    case("compare_nil", "{{ eq nil nil }}|{{ eq $labels.none \"\" }}|{{ eq (args).x 1 }}", "1", "true|true|false"),
    case("variable_shadow", "{{ $x := 1 }}{{ range $x := query \"up\" }}{{ $x.Value }}{{ end }}{{ $x }}", "1", "11"),
    case("with_var_decl", "{{ with $y := $labels.job }}{{ $y }}{{ . }}{{ end }}", "1", "nodenode"),
    case("multiline_error", "line1\n{{ humanize\n  \"z\" }}", "1", "<error expanding template: error executing template __alert_multiline_error: template: __alert_multiline_error:2:3: executing \"__alert_multiline_error\" at <humanize \"z\">: error calling humanize: strconv.ParseFloat: parsing \"z\": invalid syntax>"),
    case("error_in_define", "{{ define \"t\" }}{{ humanize . }}{{ end }}{{ template \"t\" \"bad\" }}", "1", "<error expanding template: error executing template __alert_error_in_define: template: __alert_error_in_define:1:131: executing \"t\" at <humanize .>: error calling humanize: strconv.ParseFloat: parsing \"bad\": invalid syntax>"),
    case("pipeline_decl_print", "{{ $x := 5 | printf \"%d\" }}[{{ $x }}]", "1", "[5]"),
    case("dot_in_range_map", "{{ range $labels }}{{ . }},{{ end }}", "1", "m,dot_in_range_map,host.example.com:9090,node,"),
    case("range_samples_dot", "{{ range query \"up\" }}{{ .Labels.job }}/{{ .Value }}/{{ value . }}/{{ label \"instance\" . }}{{ end }}", "1", "node/1/1/a:9090"),
];

/// Answers the queries the cases make, as the promtool test data does.
struct Host;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl QueryHost for Host {
    fn query(&self, expr: &str) -> Result<Vec<QueryResultSample>, String> {
        match expr {
            "up" => Ok(vec![QueryResultSample {
                labels: labels(&[("__name__", "up"), ("instance", "a:9090"), ("job", "node")]),
                value: 1.0,
            }]),
            "node_load1" => Ok(vec![QueryResultSample {
                labels: labels(&[("__name__", "node_load1"), ("instance", "a:9090")]),
                value: 0.5,
            }]),
            "nothing" => Ok(Vec::new()),
            other => Err(format!("no data for {other}")),
        }
    }
}

fn parse_value(v: &str) -> f64 {
    match v {
        "NaN" => f64::NAN,
        "Inf" | "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        v => v.parse().expect("case value"),
    }
}

fn data(c: &Case) -> ExpandData {
    ExpandData {
        labels: labels(&[
            ("__name__", "m"),
            ("case", c.name),
            ("instance", "host.example.com:9090"),
            ("job", "node"),
        ]),
        external_labels: labels(&[("region", "eu")]),
        external_url: "http://prom.example:9090/prefix".into(),
        value: parse_value(c.value),
    }
}

/// The annotation text Prometheus makes of a template: the expansion, or
/// the error in angle brackets.
fn annotation(c: &Case) -> String {
    match expand_alert(c.name, c.template, &data(c), &Host) {
        Ok(s) => s,
        Err(e) => format!("<error expanding template: {}>", e.message),
    }
}

#[test]
fn expands_as_prometheus() {
    let mut failures = Vec::new();
    for c in CASES {
        let got = annotation(c);
        if got != c.want {
            failures.push(format!(
                "{}: {:?}\n   want {:?}\n    got {:?}",
                c.name, c.template, c.want, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn case_names_are_unique() {
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n);
    assert!(n >= 100);
}

/// Runs promtool on a unit test whose alerts carry the given templates
/// (name, template, value) and expect our expansions; None when promtool
/// is not installed, else promtool's verdict and output.
fn promtool_agrees(cases: &[(&str, &str, &str, String)], tag: &str) -> Option<(bool, String)> {
    let promtool = Path::new("/usr/bin/promtool");
    if !promtool.exists() {
        eprintln!("promtool not installed: differential template test skipped");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("promlint-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut rules = String::from("groups:\n- name: g\n  rules:\n");
    let mut series = vec![
        serde_json::json!({"series": "up{instance=\"a:9090\",job=\"node\"}", "values": "1"}),
        serde_json::json!({"series": "node_load1{instance=\"a:9090\"}", "values": "0.5"}),
    ];
    let mut tests = Vec::new();
    for (name, template, value, want) in cases {
        rules.push_str(&format!(
            "  - alert: {name}\n    expr: m{{case=\"{name}\"}}\n    annotations:\n      a: {}\n",
            serde_json::to_string(template).expect("json")
        ));
        series.push(serde_json::json!({
            "series": format!("m{{case=\"{name}\",instance=\"host.example.com:9090\",job=\"node\"}}"),
            "values": value,
        }));
        tests.push(serde_json::json!({
            "eval_time": "0m",
            "alertname": name,
            "exp_alerts": [{
                "exp_labels": {"case": name, "instance": "host.example.com:9090", "job": "node"},
                "exp_annotations": {"a": want},
            }],
        }));
    }
    let test = serde_json::json!({
        "rule_files": ["rules.yml"],
        "evaluation_interval": "1m",
        "tests": [{
            "interval": "1m",
            "external_labels": {"region": "eu"},
            "external_url": "http://prom.example:9090/prefix",
            "input_series": series,
            "alert_rule_test": tests,
        }],
    });
    std::fs::write(dir.join("rules.yml"), rules).expect("write rules");
    // YAML refuses DEL unescaped, which JSON leaves as it is.
    let test = test.to_string().replace('\u{7f}', "\\u007f");
    std::fs::write(dir.join("test.yml"), test).expect("write test");
    let out = Command::new(promtool)
        .args(["test", "rules", "test.yml"])
        .current_dir(&dir)
        .output()
        .expect("run promtool");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Some((out.status.success(), text))
}

/// Every case Prometheus 2.42 and 3.x agree on, checked against promtool.
#[test]
fn differential_against_promtool() {
    let shared: Vec<(&str, &str, &str, String)> = CASES
        .iter()
        .filter(|c| c.go_2_42.is_none())
        .map(|c| (c.name, c.template, c.value, annotation(c)))
        .collect();
    assert!(shared.len() >= 150, "{} shared cases", shared.len());
    if let Some((ok, text)) = promtool_agrees(&shared, "template") {
        assert!(
            ok,
            "promtool disagrees on some of {} templates:\n{text}",
            shared.len()
        );
    }
}

/// Go's number formatting over awkward values, checked against promtool:
/// shortest and fixed-precision floats, exponents, rounding ties, the
/// extremes of float64, and the humanize functions.
#[test]
fn differential_number_formatting() {
    const VALUES: &[&str] = &[
        "0",
        "-0",
        "1",
        "-1",
        "0.1",
        "0.2",
        "0.3",
        "2.5",
        "-2.5",
        "0.125",
        "1.005",
        "2.675",
        "0.333333333333333",
        "123456",
        "1234567",
        "999999.5",
        "999999.4999",
        "1e6",
        "1e15",
        "1e16",
        "1e20",
        "1e21",
        "1e22",
        "123456789.123456",
        "1e-4",
        "1e-5",
        "0.00012345",
        "5e-324",
        "2.2250738585072014e-308",
        "1.7976931348623157e308",
        "4.35",
        "0.045",
        "1023.5",
        "1048575.9",
        "86399.99",
        "3599.5",
        "59.5",
        "0.0005",
        "NaN",
        "Inf",
        "-Inf",
        "-123.456e-7",
        "9007199254740993",
        "0.1e-9",
        "17179869184",
    ];
    const TEMPLATE: &str = "{{ $value }}|{{ printf \"%g|%.3g|%.10g|%e|%.2e|%.0e|%f|%.2f|%.0f|%.1f|%10.4f|%-12.3e|%+.5g|%08.3f|%x|%.2x|%5.1g\" $value $value $value $value $value $value $value $value $value $value $value $value $value $value $value $value $value }}|{{ humanize $value }}|{{ humanize1024 $value }}|{{ humanizeDuration $value }}|{{ humanizePercentage $value }}|{{ print $value 1.5 }}|{{ printf \"%v %6.2v\" $value $value }}";
    let names: Vec<String> = (0..VALUES.len()).map(|i| format!("num{i}")).collect();
    let cases: Vec<(&str, &str, &str, String)> = VALUES
        .iter()
        .zip(&names)
        .map(|(v, name)| {
            let d = ExpandData {
                labels: labels(&[
                    ("__name__", "m"),
                    ("case", name),
                    ("instance", "host.example.com:9090"),
                    ("job", "node"),
                ]),
                external_labels: labels(&[("region", "eu")]),
                external_url: "http://prom.example:9090/prefix".into(),
                value: parse_value(v),
            };
            let got = match expand_alert(name, TEMPLATE, &d, &Host) {
                Ok(s) => s,
                Err(e) => format!("<error expanding template: {}>", e.message),
            };
            (name.as_str(), TEMPLATE, *v, got)
        })
        .collect();
    if let Some((ok, text)) = promtool_agrees(&cases, "numbers") {
        assert!(
            ok,
            "promtool formats some of {} values differently:\n{text}",
            cases.len()
        );
    }
}

/// A host that evaluates at a known time with a known external URL, as
/// Prometheus itself does.
struct Server;

impl QueryHost for Server {
    fn query(&self, expr: &str) -> Result<Vec<QueryResultSample>, String> {
        Host.query(expr)
    }
    fn eval_time(&self) -> f64 {
        1_600_000_000.5
    }
    fn external_url(&self) -> Option<String> {
        Some("https://prom.example.com/sub/path".into())
    }
}

fn run(text: &str, value: f64) -> Result<String, String> {
    let d = ExpandData {
        labels: labels(&[("job", "node"), ("instance", "db-1.example.com:9100")]),
        external_labels: BTreeMap::new(),
        external_url: String::new(),
        value,
    };
    expand(text, &d, &Server).map_err(|e| e.message)
}

/// Behaviour of Prometheus 3.x (and its Go) that promtool 2.42 lacks.
#[test]
fn prometheus_3_functions_and_go_features() {
    let ok = |t: &str, want: &str| assert_eq!(run(t, 1.0).as_deref(), Ok(want), "{t}");
    ok(
        "{{ pathPrefix }} {{ externalURL }}",
        "/sub/path https://prom.example.com/sub/path",
    );
    ok("{{ now }}", "1.6000000005e+09");
    ok(
        "{{ now | humanizeTimestamp }}",
        "2020-09-13 12:26:40.5 +0000 UTC",
    );
    ok("{{ toDuration 3725.5 }}", "1h2m5.5s");
    ok("{{ toDuration 0.0015 }} {{ toDuration 0 }}", "1.5ms 0s");
    ok("{{ humanizeDuration (toDuration 90) }}", "1m 30s");
    ok("{{ (toDuration 90).Minutes }}", "1.5");
    ok(
        "{{ stripDomain $labels.instance }} {{ stripDomain \"10.0.0.1:80\" }} {{ stripDomain \"a.b\" }}",
        "db-1:9100 10.0.0.1:80 a",
    );
    ok(
        "{{ with $labels.none }}a{{ else with $labels.job }}b={{ . }}{{ end }}",
        "b=node",
    );
    ok("{{ range $i := 3 }}{{ $i }}{{ end }}", "012");
    ok(
        "{{ title \"o'neil foo.bar a..b straße x1y 3rd hello_world up-time\" }}",
        "O'neil Foo.bar A..B Straße X1y 3Rd Hello_world Up-Time",
    );
    ok(
        "{{ (toTime 1600000000).Year }} {{ (toTime 1600000000).Month }}",
        "2020 September",
    );
    let err = run("{{ toTime \"NaN\" }}", 1.0).unwrap_err();
    assert!(
        err.ends_with("error calling toTime: value is NaN or Inf"),
        "{err}"
    );
}

#[test]
fn deep_nesting_and_runaway_loops_are_bounded() {
    let depth = 90;
    let text = format!(
        "{}x{}",
        "{{ if 1 }}".repeat(depth),
        "{{ end }}".repeat(depth)
    );
    assert_eq!(run(&text, 1.0).as_deref(), Ok("x"));
    let parens = format!(
        "{}1{}",
        "{{ print ".to_string() + &"(print ".repeat(90),
        ")".repeat(90) + " }}"
    );
    assert_eq!(run(&parens, 1.0).as_deref(), Ok("1"));
    let recursive = "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" }}";
    let err = run(recursive, 1.0).unwrap_err();
    assert!(err.contains("exceeded maximum template depth"), "{err}");
    let err = run("{{ range 1000000000 }}{{ end }}", 1.0).unwrap_err();
    assert!(err.contains("stopped after"), "{err}");
}

#[test]
fn errors_are_located_in_the_template_text() {
    let d = ExpandData::default();
    let text = "a\n  {{ humanize \"x\" }}";
    let e = expand_alert("A", text, &d, &Host).unwrap_err();
    assert_eq!(&text[e.span.range()], "humanize");
    assert!(
        e.message
            .starts_with("error executing template __alert_A: template: __alert_A:2:5: executing \"__alert_A\" at <humanize \"x\">"),
        "{}",
        e.message
    );
}

#[test]
fn deep_recursion_with_deep_nesting_does_not_overflow() {
    let depth = 95;
    let body = format!(
        "{}{{{{ template \"r\" . }}}}{}",
        "{{ if 1 }}{{ with 1 }}".repeat(depth / 2),
        "{{ end }}{{ end }}".repeat(depth / 2)
    );
    let text = format!("{{{{ define \"r\" }}}}{body}{{{{ end }}}}{{{{ template \"r\" }}}}");
    let err = run(&text, 1.0).unwrap_err();
    assert!(err.contains("exceeded maximum template depth"), "{err}");
}

#[test]
fn compiled_templates_expand_like_expand() {
    use promlint::template::CompiledTemplate;
    let t = CompiledTemplate::new("{{ $labels.job }} {{ $value | humanize }}").expect("parses");
    for c in CASES.iter().take(20) {
        let d = data(c);
        assert_eq!(
            t.expand_alert("X", &d, &Host),
            expand_alert("X", "{{ $labels.job }} {{ $value | humanize }}", &d, &Host)
        );
    }
    let e = CompiledTemplate::new("{{ if }}").unwrap_err();
    assert!(
        e.message.starts_with(
            "error parsing template __alert_: template: __alert_:1:115: missing value for if"
        ),
        "{}",
        e.message
    );
}
