using System.Text.Json;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.StoreConformance;

// A thread's chat settings schema (every widget type) and values, and a settings run's changed ids, come back as written.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_SettingsSchemaAndValues_RoundTrip()
    {
        var thread = await CreateThreadAsync();
        var updated = thread with
        {
            SettingsSchema =
            [
                new SelectSetting { Id = "model", Label = "Model", Description = "Which model", Options = [new("small"), new("large", "Large")], Initial = "large" },
                new MultiSelectSetting { Id = "sources", Options = [new("web"), new("docs")], Initial = ["docs"] },
                new SwitchSetting { Id = "stream", Initial = true },
                new CheckboxSetting { Id = "cite" },
                new SliderSetting { Id = "temperature", Min = 0, Max = 2, Step = 0.1, Initial = 0.7 },
                new TextSetting { Id = "persona", Placeholder = "Who am I?", Multiline = true, MaxLength = 500 },
                new NumberSetting { Id = "tokens", Min = 1, Max = 4096, Step = 1 },
                new TagsSetting { Id = "tags", Initial = ["a", "b"], MaxTags = 5, MaxTagLength = 10 },
            ],
            Settings = Json("""{"model":"large","sources":["docs"],"stream":true,"cite":false,"temperature":0.7,"persona":"","tags":["a","b"]}"""),
        };
        var run = NewRun(thread.Id) with { Trigger = RunTrigger.Settings, SettingsChanged = ["model", "tags"] };

        await CommitAsync(new StoreBatch { Threads = [updated], Runs = [run] });

        var read = await Store.GetThreadAsync(thread.Id, Ct);
        Assert.NotNull(read);
        Assert.Equal(JsonSerializer.Serialize(updated, ParleyJson.ThreadRecord), JsonSerializer.Serialize(read, ParleyJson.ThreadRecord));
        Assert.Equal(updated.SettingsSchema!.Select(w => w.GetType()), read.SettingsSchema!.Select(w => w.GetType()));
        Assert.Equal(updated.SettingsSchema![4], read.SettingsSchema![4]);
        Assert.Equal(["model", "tags"], (await Store.GetRunAsync(run.Id, Ct))!.SettingsChanged);
    }
}
