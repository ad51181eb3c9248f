namespace Parley.AspNetCore.Ui;

/// <summary>One file of the web UI.</summary>
/// <param name="Bytes">The content.</param>
/// <param name="ContentType">The content type, with charset for text.</param>
/// <param name="ETag">A strong ETag of the content.</param>
internal sealed record UiAsset(byte[] Bytes, string ContentType, string ETag);
