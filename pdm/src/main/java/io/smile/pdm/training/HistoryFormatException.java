package io.smile.pdm.training;

/**
 * A history CSV that cannot be trained on: the message starts with {@code file:line:column:}
 * (1-based; line 1 is the header) so the user can go to the cell, and says what is wrong. The
 * one exception type of {@link HistoryFile} and {@link TrainingWindows}.
 */
public final class HistoryFormatException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;

    public HistoryFormatException(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
