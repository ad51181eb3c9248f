using System.Text;

namespace Parley.Faults;

/// <summary>The bodies, values and headers the generator builds its requests from.</summary>
internal sealed partial class RequestGenerator
{
    private FuzzRequest Bare(HttpMethod method, string path, bool victim) => new()
    {
        Method = method,
        Path = path,
        Headers = random.Next(8) == 0 ? [AbusiveHeader(bodyless: true)] : [],
        TargetsVictim = victim,
    };

    /// <summary>A JSON command: usually the given JSON, sometimes invalid UTF-8 or another shape; usually JSON's type.</summary>
    private FuzzRequest Json(HttpMethod method, string path, string json, bool victim)
    {
        byte[] body = random.Next(10) switch
        {
            0 => InvalidUtf8(json),
            1 => Encoding.UTF8.GetBytes(Value()),
            2 => RandomBytes(random.Next(0, 300)),
            3 => Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]),
            _ => Encoding.UTF8.GetBytes(json),
        };
        IReadOnlyList<string> types = random.Next(6) switch
        {
            0 => [],
            1 => [Pick(JsonTypes)],
            2 => ["application/json", Pick(JsonTypes)],
            _ => ["application/json"],
        };
        return new FuzzRequest
        {
            Method = method,
            Path = path,
            Body = body,
            ContentTypes = types,
            Headers = random.Next(8) == 0 ? [AbusiveHeader()] : [],
            TargetsVictim = victim,
        };
    }

    private KeyValuePair<string, string> AbusiveHeader(bool bodyless = false) => random.Next(bodyless ? 4 : 6) switch
    {
        0 => new("X-Huge", new string('a', Pick([4_000, 16_000, 40_000, 100_000]))),
        1 => new("Last-Event-ID", Pick(["-1", "x", "99999999999999999999", ""])),
        2 => new("Cookie", "parley_uid=" + Pick(["", "garbage", new string('z', 3000), "%ff%fe"])),
        3 => new("Accept", Pick(["text/event-stream", "*/*;q=abc", new string(',', 2000)])),
        4 => new("Content-Length", "abc"),
        _ => new("Transfer-Encoding", "chunked, gzip"),
    };

    private string Obj(params (string Name, string? Value)[] fields)
    {
        var parts = fields.Where(f => f.Value is not null && random.Next(6) != 0).Select(f => Quote(f.Name) + ":" + f.Value);
        if (random.Next(8) == 0)
        {
            parts = parts.Append(Quote(RandomText(random.Next(1, 20))) + ":" + Value());
        }

        return "{" + string.Join(",", parts) + "}";
    }

    /// <summary>A random JSON value: any type, nulls, nesting, huge strings, extreme numbers, invalid JSON.</summary>
    private string Value(int depth = 0) => random.Next(depth > 3 ? 8 : 14) switch
    {
        0 => "null",
        1 => Pick(["true", "false"]),
        2 => Pick(["0", "-1", "1", "2147483648", "-9223372036854775809", "1e309", "-1e-400", "1.0000000000000000000001", "18446744073709551616", "0.1"]),
        3 => Quote(RandomText(random.Next(0, 64))),
        4 => Quote(random.Next(30) == 0 ? new string('x', random.Next(100_000, 2_000_000)) : RandomText(random.Next(0, 5000))),
        5 => Quote(Pick(["", " ", "\\u0000", "\\ud800", "thr_" + RandomBase32(26), ids.VictimThread, ids.VictimFile, "../../etc/passwd", "%2e%2e"])),
        6 => Pick(["{", "[", "\"unterminated", "{\"a\":}", "NaN", "Infinity", "'single'", "{\"a\":1,\"a\":2}", "[1,]", "// comment", ""]),
        7 => Quote(Pick(["search", "draft", "Standard", "Creative", "hello"])),
        8 or 9 => new string('[', random.Next(1, 3000)) + new string(']', random.Next(2) == 0 ? 0 : 3000),
        10 or 11 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Value(depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Quote(RandomText(random.Next(0, 10))) + ":" + Value(depth + 1))) + "}",
    };

    private byte[] InvalidUtf8(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        byte[][] bad = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xfe, 0xff]];
        for (var i = 0; i < random.Next(1, 4); i++)
        {
            bytes.InsertRange(random.Next(bytes.Count + 1), Pick(bad));
        }

        return [.. bytes];
    }

    private string RandomText(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(10) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0x80, 0x800),
                2 => Pick(['"', '\\', '/', '.', '%', '<', '>', '\'', '\u2028', '\ufeff']),
                3 => (char)random.Next(0xd800, 0xe000), // lone surrogates
                _ => (char)random.Next(32, 127),
            });
        }

        return builder.ToString();
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text).Replace("\\\\u", "\\u", StringComparison.Ordinal);

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private string RandomBase32(int length)
    {
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];
}
