using System.Text.Json;

namespace Parley.Tests.Settings;

public sealed class SettingsValidationTests
{
    private static readonly IReadOnlyList<ChatSetting> Schema =
    [
        new SelectSetting { Id = "model", Options = [new("small"), new("large", "Large model")], Initial = "small" },
        new MultiSelectSetting { Id = "sources", Options = [new("web"), new("docs"), new("code")] },
        new SwitchSetting { Id = "stream", Initial = true },
        new CheckboxSetting { Id = "cite" },
        new SliderSetting { Id = "temperature", Min = 0, Max = 2, Step = 0.1, Initial = 0.7 },
        new TextSetting { Id = "persona", MaxLength = 10 },
        new NumberSetting { Id = "tokens", Min = 1, Max = 4096 },
        new TagsSetting { Id = "tags", MaxTags = 2, MaxTagLength = 5 },
    ];

    [Fact]
    public void Effective_NoValues_EachWidgetsInitialValue()
    {
        var values = SettingsSchema.Effective(Schema, current: null);

        Assert.Equal("small", values["model"].GetString());
        Assert.Equal(0, values["sources"].GetArrayLength());
        Assert.True(values["stream"].GetBoolean());
        Assert.False(values["cite"].GetBoolean());
        Assert.Equal(0.7, values["temperature"].GetDouble());
        Assert.Equal("", values["persona"].GetString());
        Assert.False(values.ContainsKey("tokens"));
        Assert.Equal(0, values["tags"].GetArrayLength());
    }

    [Theory]
    [InlineData("model", "\"large\"")]
    [InlineData("sources", "[\"web\",\"code\"]")]
    [InlineData("stream", "false")]
    [InlineData("cite", "true")]
    [InlineData("temperature", "1.3")]
    [InlineData("temperature", "2")]
    [InlineData("persona", "\"0123456789\"")]
    [InlineData("tokens", "4096")]
    [InlineData("tags", "[\"a\",\"bcdef\"]")]
    public void Merge_ValidValue_AcceptedAndChanged(string id, string json)
    {
        var (values, changed) = SettingsSchema.Merge(Schema, SettingsSchema.Effective(Schema, null), Sent(id, json));

        Assert.Equal([id], changed);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(json).RootElement, values[id]));
    }

    [Theory]
    [InlineData("nope", "1")]
    [InlineData("model", "\"medium\"")]
    [InlineData("model", "1")]
    [InlineData("sources", "[\"web\",\"web\"]")]
    [InlineData("sources", "[\"ftp\"]")]
    [InlineData("sources", "\"web\"")]
    [InlineData("stream", "\"yes\"")]
    [InlineData("cite", "1")]
    [InlineData("temperature", "2.1")]
    [InlineData("temperature", "-0.1")]
    [InlineData("temperature", "0.75")]
    [InlineData("temperature", "\"1\"")]
    [InlineData("persona", "\"01234567890\"")]
    [InlineData("persona", "null")]
    [InlineData("tokens", "0")]
    [InlineData("tokens", "5000")]
    [InlineData("tags", "[\"a\",\"b\",\"c\"]")]
    [InlineData("tags", "[\"toolong\"]")]
    [InlineData("tags", "[\"\"]")]
    [InlineData("tags", "[1]")]
    public void Merge_InvalidValue_RefusedWithField(string id, string json)
    {
        var refusal = Assert.Throws<ChatCommandException>(() => SettingsSchema.Merge(Schema, null, Sent(id, json)));

        Assert.Equal(ChatErrorCodes.ValidationFailed, refusal.Code);
        Assert.Equal("values." + id, refusal.Field);
    }

    [Fact]
    public void Merge_SameValue_NothingChanged()
    {
        var (_, changed) = SettingsSchema.Merge(Schema, SettingsSchema.Effective(Schema, null), Sent("model", "\"small\""));

        Assert.Empty(changed);
    }

    [Fact]
    public void Check_DuplicateIdOrBadInitial_Throws()
    {
        Assert.Throws<ArgumentException>(() => SettingsSchema.Check([new SwitchSetting { Id = "a" }, new CheckboxSetting { Id = "a" }], "schema"));
        Assert.Throws<ArgumentException>(() => SettingsSchema.Check([new SelectSetting { Id = "a", Options = [new("x")], Initial = "y" }], "schema"));
        Assert.Throws<ArgumentException>(() => SettingsSchema.Check([new SliderSetting { Id = "a", Min = 1, Max = 0 }], "schema"));
        Assert.Throws<ArgumentException>(() => SettingsSchema.Check([new SwitchSetting { Id = "has space" }], "schema"));
    }

    [Fact]
    public void Effective_SchemaChanged_KeepsValuesThatStillFit()
    {
        var current = new Dictionary<string, JsonElement> { ["model"] = Json("\"large\""), ["gone"] = Json("1"), ["temperature"] = Json("1.5") };
        IReadOnlyList<ChatSetting> next = [new SelectSetting { Id = "model", Options = [new("large")] }, new SliderSetting { Id = "temperature", Max = 1, Step = 0.5 }];

        var values = SettingsSchema.Effective(next, current);

        Assert.Equal("large", values["model"].GetString());
        Assert.Equal(0, values["temperature"].GetDouble());
        Assert.False(values.ContainsKey("gone"));
    }

    [Fact]
    public void ChatSettings_TypedReads_ValueOrFallback()
    {
        var settings = new ChatSettings(Schema, new Dictionary<string, JsonElement>
        {
            ["model"] = Json("\"large\""), ["stream"] = Json("true"), ["temperature"] = Json("0.3"), ["sources"] = Json("[\"web\"]"),
        });

        Assert.Equal("large", settings.GetString("model"));
        Assert.True(settings.GetBool("stream"));
        Assert.Equal(0.3, settings.GetDouble("temperature"));
        Assert.Equal(["web"], settings.GetStrings("sources"));
        Assert.Equal("x", settings.GetString("stream", "x"));
        Assert.Equal(5, settings.GetDouble("missing", 5));
        Assert.Empty(settings.GetStrings("model"));
    }

    [Fact]
    public void ChatSetting_Serialized_HasTypeAndFields()
    {
        var json = JsonSerializer.Serialize(Schema[4], Serialization.ParleyJson.Options);

        Assert.Contains("\"type\":\"slider\"", json, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"temperature\"", json, StringComparison.Ordinal);
        Assert.Contains("\"step\":0.1", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<ChatSetting>(json, Serialization.ParleyJson.Options);
        Assert.Equal(Schema[4], back);
    }

    private static Dictionary<string, JsonElement> Sent(string id, string json) => new() { [id] = Json(json) };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
