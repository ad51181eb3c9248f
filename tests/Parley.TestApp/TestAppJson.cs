using System.Text.Json.Serialization;

namespace Parley.TestApp;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestAppJson : JsonSerializerContext;
