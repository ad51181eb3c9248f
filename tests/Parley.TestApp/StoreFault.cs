namespace Parley.TestApp;

/// <summary>A store fault: the disk full, or the database locked; until a time, or until switched off.</summary>
/// <param name="Kind"><c>full</c> (writes fail at once, as SQLITE_FULL) or <c>locked</c> (operations wait a little, then fail busy).</param>
/// <param name="Until">When the fault ends by itself; null: when switched off.</param>
/// <param name="Reads">Whether reads fail too (an exclusive lock), not only writes.</param>
internal sealed record StoreFault(string Kind, DateTimeOffset? Until, bool Reads);
