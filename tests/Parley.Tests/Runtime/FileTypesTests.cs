using Parley.Runtime;

namespace Parley.Tests.Runtime;

/// <summary>The server decides an upload's type from its name, its declared type and its leading bytes.</summary>
public sealed class FileTypesTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0];
    private static readonly byte[] Pdf = "%PDF-1.7\n"u8.ToArray();
    private static readonly byte[] Html = "<html>"u8.ToArray();

    public static TheoryData<string, string?, byte[], string> Decided() => new()
    {
        { "a.png", "image/png", Png, "image/png" },
        { "a.PNG", null, Png, "image/png" },
        { "a.jpg", "image/jpg", Jpeg, "image/jpeg" },
        { "a.pdf", "application/octet-stream", Pdf, "application/pdf" },
        { "a.csv", "application/vnd.ms-excel", Html, "text/csv" },
        { "notes", "text/plain; charset=utf-8", Html, "text/plain" },
        { "noname", null, Html, "application/octet-stream" },
    };

    [Theory]
    [MemberData(nameof(Decided))]
    public void Decide_Consistent_Type(string name, string? declared, byte[] header, string expected) =>
        Assert.Equal(expected, FileTypes.Decide(name, declared, header));

    [Theory]
    [InlineData("a.png", "image/png")]
    [InlineData("a.png", "text/plain")]
    [InlineData("a.pdf", null)]
    [InlineData("a.txt", "image/jpeg")]
    public void Decide_Inconsistent_415(string name, string? declared)
    {
        var refused = Assert.Throws<ChatCommandException>(() => FileTypes.Decide(name, declared, Html));

        Assert.Equal(ChatErrorCodes.UnsupportedMediaType, refused.Code);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\photo.png", "photo.png")]
    [InlineData("..", "file")]
    [InlineData("", "file")]
    [InlineData("a\u0000b\nc.txt", "abc.txt")]
    public void SafeName_PathLike_LastSegment(string name, string expected) => Assert.Equal(expected, FileTypes.SafeName(name));

    [Theory]
    [InlineData("image/*", true)]
    [InlineData("application/pdf", true)]
    [InlineData("*/*", false)]
    [InlineData("image", false)]
    [InlineData("ima*e/png", false)]
    [InlineData("", false)]
    public void IsAcceptPattern_Cases(string pattern, bool expected) => Assert.Equal(expected, FileTypes.IsAcceptPattern(pattern));
}
