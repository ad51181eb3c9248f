using Parley.Testing;
using Xunit.Sdk;

namespace Parley.Faults;

/// <summary>Scenario 1's checks of a finished trial against the server's snapshot.</summary>
internal sealed partial class DropWorker
{
    /// <summary>The trial's invariants; null when they hold.</summary>
    private async Task<string?> CheckAsync(string runId, DropWorkload workload)
    {
        var view = await client.GetThreadAsync(_thread);
        var replica = _replica;
        _replica = ThreadReplica.FromView(view); // the next trial starts from the truth, whatever happened
        try
        {
            ProtocolAssert.AllRunsFinished(replica);
            ProtocolAssert.SameItems(view.Items, replica.Items);
        }
        catch (XunitException e)
        {
            return "the replica differs from the server: " + e.Message.ReplaceLineEndings(" ");
        }

        if (replica.LastSeq != view.LastSeq)
        {
            return $"replica at seq {replica.LastSeq}, server at {view.LastSeq}";
        }

        var messages = replica.Items.OfType<AssistantMessage>().Where(m => m.RunId == runId).ToList();
        if (messages.Count != 1 || messages[0].Content != workload.ExpectedText || messages[0].Status != ItemStatus.Completed)
        {
            var got = string.Join(" | ", messages.Select(m => $"{m.Status} '{Excerpt(m.Content, workload.ExpectedText)}'"));
            return $"expected one completed reply '{Excerpt(workload.ExpectedText, workload.ExpectedText)}' ({workload.ExpectedText.Length} chars), got {messages.Count}: {got}";
        }

        if (workload.AskAnswer is { } answer)
        {
            var ask = replica.Items.OfType<AskItem>().SingleOrDefault(a => a.RunId == runId);
            if (ask is null || ask.Status != ItemStatus.Answered || ask.Answer?.Content != answer)
            {
                return $"the ask was not answered with {answer}: {ask?.Status} '{ask?.Answer?.Content}'";
            }
        }

        return replica.RunsFinished[runId].Status == RunStatus.Completed ? null : $"run {runId} finished {replica.RunsFinished[runId].Status}";
    }

    /// <summary>The text around where <paramref name="actual"/> first departs from <paramref name="expected"/>.</summary>
    private static string Excerpt(string actual, string expected)
    {
        var at = 0;
        while (at < actual.Length && at < expected.Length && actual[at] == expected[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 30);
        return $"…[{from}]{actual.Substring(from, Math.Min(80, actual.Length - from)).ReplaceLineEndings("⏎")}… ({actual.Length} chars)";
    }
}
