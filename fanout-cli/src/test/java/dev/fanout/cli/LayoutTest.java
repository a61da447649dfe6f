package dev.fanout.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layout is the architecture: each package of every module on this class path (core, replica,
 * store, examples and the CLI) may depend on others only one way. The CLI's root ({@code fanout},
 * {@code Main}) depends on the command packages, they on {@code cli.shared}; nothing depends back
 * up.
 */
class LayoutTest {

  @Test
  void noPackageDependsOnAnotherThatDependsBackOnIt() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fanout");
    slices().matching("dev.fanout.(**)").should().beFreeOfCycles().check(classes);
  }
}
