package io.smile.data.ai4i;

import java.io.IOException;

/** The AI4I CSV file is malformed; the message names the file, the line and (if known) the column. */
public class Ai4iFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String column;

    public Ai4iFormatException(String source, long line, String column, String problem) {
        super(source + ": line " + line + (column == null ? "" : ", column '" + column + "'") + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file name or description the data came from. */
    public String source() {
        return source;
    }

    /** 1-based line number (the header is line 1). */
    public long line() {
        return line;
    }

    /** The column name, or null for problems of the whole line. */
    public String column() {
        return column;
    }
}
