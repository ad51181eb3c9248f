using System.Security.Cryptography;

namespace Parley.Runtime;

/// <summary>
/// Makes opaque, URL-safe, time-sortable ids with a type prefix (<c>thr_</c>, <c>itm_</c>, <c>run_</c>,
/// <c>usr_</c>): 48 bits of milliseconds and 80 random bits in lowercase Crockford base32 (26 chars).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class IdGenerator(TimeProvider time)
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public string NewThreadId() => New("thr_");

    public string NewItemId() => New("itm_");

    public string NewRunId() => New("run_");

    public string NewUserId() => New("usr_");

    public string New(string prefix)
    {
        var ms = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return string.Create(prefix.Length + 26, (prefix, ms, r: random.ToArray()), static (span, s) =>
        {
            s.prefix.AsSpan().CopyTo(span);
            var id = span[s.prefix.Length..];
            for (var i = 9; i >= 0; i--)
            {
                id[9 - i] = Alphabet[(int)((s.ms >> (i * 5)) & 31)];
            }

            // 80 random bits as 16 base32 digits, 5 bits at a time, most significant first.
            var bits = 0;
            var acc = 0;
            var pos = 10;
            foreach (var b in s.r)
            {
                acc = (acc << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    bits -= 5;
                    id[pos++] = Alphabet[(acc >> bits) & 31];
                }
            }
        });
    }
}
