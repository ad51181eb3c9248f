namespace Interview;

/// <summary>What the participant answered so far; kept in the session, so a reload, a restart or a redeploy loses none of it.</summary>
internal sealed record Answers
{
    public const string Key = "answers";

    public bool? Consented { get; init; }

    public string? Name { get; init; }

    public string? PhotoFileId { get; init; }

    public string? PhotoName { get; init; }

    public int? Satisfaction { get; init; }

    public string? ParticipantId { get; init; }

    public bool Pilot { get; init; }

    public bool Complete => Consented == true && Name is not null && PhotoFileId is not null && Satisfaction is not null;
}
