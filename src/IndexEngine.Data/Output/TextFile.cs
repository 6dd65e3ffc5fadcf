using System.Text;

namespace IndexEngine.Data.Output;

/// <summary>Text output: UTF-8 without BOM, exactly the given characters (line ends chosen by the renderer).</summary>
public static class TextFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, string content) => File.WriteAllText(path, content, Utf8NoBom);
}
