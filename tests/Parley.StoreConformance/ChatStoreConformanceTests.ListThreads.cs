using Parley.Storage;

namespace Parley.StoreConformance;

// Thread lists: owner isolation, order, cursor paging and search.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task ListThreadsAsync_TwoOwners_ReturnsOnlyTheOwnersThreads()
    {
        var alices = new[] { await CreateThreadAsync(Alice), await CreateThreadAsync(Alice, updatedAt: T0.AddSeconds(1)) };
        await CreateThreadAsync(Bob, updatedAt: T0.AddSeconds(2));
        await CreateThreadAsync(Bob, updatedAt: T0.AddSeconds(-1));

        var listed = await ListAllThreadsAsync(Alice, pageSize: 1);

        Assert.Equal(alices.Reverse().Select(t => t.Id), listed.Select(t => t.Id));
        Assert.All(listed, t => Assert.Equal(Alice, t.OwnerId));
        Assert.Empty(await ListAllThreadsAsync("usr_nobody"));
    }

    [Fact]
    public async Task ListThreadsAsync_DifferentUpdatedAt_ReturnsNewestFirst()
    {
        var middle = await CreateThreadAsync(updatedAt: T0.AddHours(1));
        var oldest = await CreateThreadAsync(updatedAt: T0);
        var newest = await CreateThreadAsync(updatedAt: T0.AddDays(1));

        var page = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = Alice }, Ct);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], page.Threads.Select(t => t.Id));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListThreadsAsync_EqualUpdatedAt_OrdersByIdDescending()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await CreateThreadAsync(updatedAt: T0)).Id);
        }

        var page = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = Alice }, Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal).Reverse(), page.Threads.Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_PagingWithTiesInUpdatedAt_CoversEveryThreadExactlyOnceInOrder()
    {
        var threads = new List<ThreadRecord>();
        for (var i = 0; i < 23; i++)
        {
            threads.Add(await CreateThreadAsync(updatedAt: T0.AddMinutes(i % 4)));
            await CreateThreadAsync(Bob, updatedAt: T0.AddMinutes(i % 4));
        }

        var expected = threads.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id, StringComparer.Ordinal).Select(t => t.Id).ToList();
        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = Alice, Limit = 5, Cursor = cursor }, Ct);
            seen.AddRange(page.Threads.Select(t => t.Id));
            pageSizes.Add(page.Threads.Count);
            cursor = page.NextCursor;
            Assert.True(pageSizes.Count <= 10, "Paging does not end.");
        }
        while (cursor is not null);

        Assert.Equal(expected, seen);
        Assert.Equal([5, 5, 5, 5, 3], pageSizes);
    }

    [Fact]
    public async Task ListThreadsAsync_CountIsMultipleOfLimit_LastFullPageHasNullCursor()
    {
        for (var i = 0; i < 6; i++)
        {
            await CreateThreadAsync(updatedAt: T0.AddSeconds(i));
        }

        var first = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = Alice, Limit = 3 }, Ct);
        Assert.Equal(3, first.Threads.Count);
        Assert.NotNull(first.NextCursor);
        var second = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = Alice, Limit = 3, Cursor = first.NextCursor }, Ct);

        Assert.Equal(3, second.Threads.Count);
        Assert.Null(second.NextCursor);
        Assert.Empty(first.Threads.Select(t => t.Id).Intersect(second.Threads.Select(t => t.Id)));
    }

    [Fact]
    public async Task ListThreadsAsync_NoThreads_ReturnsEmptyPageWithNullCursor()
    {
        var page = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = Alice }, Ct);

        Assert.Empty(page.Threads);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListThreadsAsync_ThreadUpdatedAtChanged_MovesThreadToItsNewPlace()
    {
        var first = await CreateThreadAsync(updatedAt: T0);
        var second = await CreateThreadAsync(updatedAt: T0.AddSeconds(1));
        var touched = first with { UpdatedAt = T0.AddSeconds(2) };

        await CommitAsync(new StoreBatch { Threads = [touched] });

        var listed = await ListAllThreadsAsync(Alice);
        Assert.Equal([first.Id, second.Id], listed.Select(t => t.Id));
        AssertSameThread(touched, listed[0]);
    }

    [Fact]
    public async Task ListThreadsAsync_Search_MatchesNameSubstringCaseInsensitively()
    {
        var quarterly = await CreateThreadAsync(name: "Quarterly Report", updatedAt: T0.AddSeconds(3));
        var draft = await CreateThreadAsync(name: "report draft", updatedAt: T0.AddSeconds(2));
        var reporting = await CreateThreadAsync(name: "REPORTING", updatedAt: T0.AddSeconds(1));
        await CreateThreadAsync(name: "Weather");
        await CreateThreadAsync(name: null);
        await CreateThreadAsync(Bob, name: "Bob's report");

        Assert.Equal([quarterly.Id, draft.Id, reporting.Id], (await ListAllThreadsAsync(Alice, search: "report")).Select(t => t.Id));
        Assert.Equal([quarterly.Id, draft.Id, reporting.Id], (await ListAllThreadsAsync(Alice, search: "RePoRt")).Select(t => t.Id));
        Assert.Equal([quarterly.Id], (await ListAllThreadsAsync(Alice, search: "terly rep")).Select(t => t.Id));
        Assert.Equal([draft.Id], (await ListAllThreadsAsync(Alice, search: "T DRAFT")).Select(t => t.Id));
        Assert.Empty(await ListAllThreadsAsync(Alice, search: "zzz"));
    }

    [Fact]
    public async Task ListThreadsAsync_SearchWithWildcardCharacters_MatchesThemLiterally()
    {
        var percent = await CreateThreadAsync(name: "100% done");
        await CreateThreadAsync(name: "1000 done");
        var underscore = await CreateThreadAsync(name: "a_b");
        await CreateThreadAsync(name: "axb");
        var backslash = await CreateThreadAsync(name: @"C:\temp");
        var brackets = await CreateThreadAsync(name: "[x]*?");

        Assert.Equal([percent.Id], (await ListAllThreadsAsync(Alice, search: "100%")).Select(t => t.Id));
        Assert.Equal([percent.Id], (await ListAllThreadsAsync(Alice, search: "%")).Select(t => t.Id));
        Assert.Equal([underscore.Id], (await ListAllThreadsAsync(Alice, search: "a_b")).Select(t => t.Id));
        Assert.Equal([underscore.Id], (await ListAllThreadsAsync(Alice, search: "_")).Select(t => t.Id));
        Assert.Equal([backslash.Id], (await ListAllThreadsAsync(Alice, search: @":\")).Select(t => t.Id));
        Assert.Equal([brackets.Id], (await ListAllThreadsAsync(Alice, search: "[x]*?")).Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_SearchWithPaging_CoversEveryMatchExactlyOnce()
    {
        var matches = new List<ThreadRecord>();
        for (var i = 0; i < 9; i++)
        {
            matches.Add(await CreateThreadAsync(name: $"Topic {i}", updatedAt: T0.AddSeconds(i % 2)));
            await CreateThreadAsync(name: $"Other {i}", updatedAt: T0.AddSeconds(i % 2));
        }

        var listed = await ListAllThreadsAsync(Alice, pageSize: 2, search: "topic");

        var expected = matches.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id, StringComparer.Ordinal).Select(t => t.Id);
        Assert.Equal(expected, listed.Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_DefaultLimit_ReturnsTwentyThreads()
    {
        for (var i = 0; i < 21; i++)
        {
            await CreateThreadAsync(updatedAt: T0.AddSeconds(i));
        }

        var page = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = Alice }, Ct);

        Assert.Equal(20, page.Threads.Count);
        Assert.NotNull(page.NextCursor);
    }
}
