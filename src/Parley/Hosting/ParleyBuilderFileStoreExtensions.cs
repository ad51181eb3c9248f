using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Parley.Hosting;
using Parley.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses where Parley keeps files (uploads, attachments, elements).</summary>
public static class ParleyBuilderFileStoreExtensions
{
    /// <summary>
    /// Keeps files in a local folder (<see cref="LocalFolderFileStore"/>), replacing any file store
    /// registered before. The default of <c>AddParley</c> in ASP.NET Core apps.
    /// </summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="rootDirectory">
    /// The folder; null (the default) means <c>{ContentRootPath}/.parley/files</c>, with the content root
    /// of the registered <see cref="IHostEnvironment"/>, or <see cref="AppContext.BaseDirectory"/> when there is none.
    /// </param>
    /// <returns>The builder, for chaining.</returns>
    public static IParleyBuilder UseLocalFolderFileStore(this IParleyBuilder builder, string? rootDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IFileStore>();
        builder.Services.AddSingleton<IFileStore>(provider => new LocalFolderFileStore(
            rootDirectory ?? LocalFolderFileStore.GetDefaultRootDirectory(provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory)));
        return builder;
    }

    /// <summary>Keeps files in process memory (<see cref="InMemoryFileStore"/>): for tests and demos; lost when the process ends.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IParleyBuilder UseInMemoryFileStore(this IParleyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IFileStore>();
        builder.Services.AddSingleton<IFileStore, InMemoryFileStore>();
        return builder;
    }

    /// <summary>Uses a file store the app provides (a bucket, a database), replacing any registered before.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="factory">Creates the store once.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IParleyBuilder UseFileStore(this IParleyBuilder builder, Func<IServiceProvider, IFileStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IFileStore>();
        builder.Services.AddSingleton(factory);
        return builder;
    }
}
