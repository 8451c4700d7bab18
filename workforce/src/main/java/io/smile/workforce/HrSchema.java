package io.smile.workforce;

import java.util.List;

/**
 * The columns of the IBM HR attrition file and how each one is used. Every choice here is public
 * (it is part of the job's configuration that all units share) and none is derived from the data.
 *
 * <ul>
 *   <li>Dropped: {@code EmployeeCount} (always 1), {@code Over18} (always Y), {@code StandardHours}
 *       (always 80): constant; {@code EmployeeNumber}: an identifier.</li>
 *   <li>{@code Attrition}: the label; never a feature, reported per segment only.</li>
 *   <li>Numeric and ordinal columns become one number each; the ordinal scales keep their codes
 *       (Education 1-5, the satisfaction scales 1-4, ...). {@code BusinessTravel} is ordinal
 *       (Non-Travel 0, Travel_Rarely 1, Travel_Frequently 2); {@code OverTime} (Yes 1) and
 *       {@code Gender} (Male 1) are binary. These are z-scored.</li>
 *   <li>Nominal columns ({@code Department}, {@code EducationField}, {@code JobRole},
 *       {@code MaritalStatus}) are one-hot encoded; not z-scored (see {@link HrEncoding}).</li>
 * </ul>
 *
 * <p>Each numeric column has a public nominal range [lo, hi] (the documented scale of the survey
 * items, or a generous plausible range for amounts and years). It is used only to pre-scale
 * values for the standardization round (so that the secure sums stay small integers) and values
 * outside it are clipped there; it plays no role in the clustering features themselves.
 */
public final class HrSchema {
    private HrSchema() {
    }

    /** A numeric column and its public nominal range. */
    public record NumericColumn(String name, double lo, double hi) {
    }

    /** A nominal column and its categories (in one-hot order). */
    public record NominalColumn(String name, List<String> categories) {
    }

    public static final List<String> HEADER = List.of("Age", "Attrition", "BusinessTravel", "DailyRate", "Department",
            "DistanceFromHome", "Education", "EducationField", "EmployeeCount", "EmployeeNumber",
            "EnvironmentSatisfaction", "Gender", "HourlyRate", "JobInvolvement", "JobLevel", "JobRole",
            "JobSatisfaction", "MaritalStatus", "MonthlyIncome", "MonthlyRate", "NumCompaniesWorked", "Over18",
            "OverTime", "PercentSalaryHike", "PerformanceRating", "RelationshipSatisfaction", "StandardHours",
            "StockOptionLevel", "TotalWorkingYears", "TrainingTimesLastYear", "WorkLifeBalance", "YearsAtCompany",
            "YearsInCurrentRole", "YearsSinceLastPromotion", "YearsWithCurrManager");

    public static final List<String> DROPPED = List.of("EmployeeCount", "Over18", "StandardHours", "EmployeeNumber");

    public static final List<NumericColumn> NUMERIC = List.of(
            new NumericColumn("Age", 18, 60),
            new NumericColumn("BusinessTravel", 0, 2),
            new NumericColumn("DailyRate", 100, 1500),
            new NumericColumn("DistanceFromHome", 1, 30),
            new NumericColumn("Education", 1, 5),
            new NumericColumn("EnvironmentSatisfaction", 1, 4),
            new NumericColumn("Gender", 0, 1),
            new NumericColumn("HourlyRate", 30, 100),
            new NumericColumn("JobInvolvement", 1, 4),
            new NumericColumn("JobLevel", 1, 5),
            new NumericColumn("JobSatisfaction", 1, 4),
            new NumericColumn("MonthlyIncome", 1000, 20000),
            new NumericColumn("MonthlyRate", 2000, 27000),
            new NumericColumn("NumCompaniesWorked", 0, 10),
            new NumericColumn("OverTime", 0, 1),
            new NumericColumn("PercentSalaryHike", 10, 25),
            new NumericColumn("PerformanceRating", 1, 4),
            new NumericColumn("RelationshipSatisfaction", 1, 4),
            new NumericColumn("StockOptionLevel", 0, 3),
            new NumericColumn("TotalWorkingYears", 0, 40),
            new NumericColumn("TrainingTimesLastYear", 0, 6),
            new NumericColumn("WorkLifeBalance", 1, 4),
            new NumericColumn("YearsAtCompany", 0, 40),
            new NumericColumn("YearsInCurrentRole", 0, 20),
            new NumericColumn("YearsSinceLastPromotion", 0, 15),
            new NumericColumn("YearsWithCurrManager", 0, 20));

    public static final List<NominalColumn> NOMINAL = List.of(
            new NominalColumn("Department", List.of("Research & Development", "Sales", "Human Resources")),
            new NominalColumn("EducationField", List.of("Life Sciences", "Medical", "Marketing", "Technical Degree",
                    "Human Resources", "Other")),
            new NominalColumn("JobRole", List.of("Sales Executive", "Research Scientist", "Laboratory Technician",
                    "Manufacturing Director", "Healthcare Representative", "Manager", "Sales Representative",
                    "Research Director", "Human Resources")),
            new NominalColumn("MaritalStatus", List.of("Single", "Married", "Divorced")));

    /** Number of clustering features: numeric columns plus one per nominal category (26 + 21 = 47). */
    public static int featureCount() {
        int d = NUMERIC.size();
        for (NominalColumn c : NOMINAL) {
            d += c.categories().size();
        }
        return d;
    }

    /** Feature names in vector order. */
    public static List<String> featureNames() {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (NumericColumn c : NUMERIC) {
            out.add(c.name());
        }
        for (NominalColumn c : NOMINAL) {
            for (String cat : c.categories()) {
                out.add(c.name() + "=" + cat);
            }
        }
        return List.copyOf(out);
    }
}
