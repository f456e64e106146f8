package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonalDataTest {
  @Test
  void dropsPersonalFieldsAndKeepsAcquisitionOnes() {
    Map<String, String> h = new LinkedHashMap<>();
    for (String k :
        new String[] {
          "PatientName",
          "patient_birth_date",
          "PatientDoB",
          "PatientID",
          "scan_date",
          "StudyTime",
          "InstitutionName",
          "InstitutionAddress",
          "DeviceSerialNumber",
          "ProtocolName",
          "examination_name",
          "scan_id",
          "ID",
          "AdditionalInfo",
          "Filename",
          "OriginalFile",
          "ConversionTime",
          "SeriesDescription",
          "PatientWeight",
          "PatientSex"
        }) {
      h.put(k, "x");
    }
    for (String k :
        new String[] {
          "EchoTime",
          "RepetitionTime",
          "DwellTime",
          "SequenceName",
          "averages",
          "Manufacturer",
          "ManufacturersModelName",
          "TxOffset",
          "nucleus",
          "MixingTime",
          "time_series_enable"
        }) {
      h.put(k, "y");
    }
    Map<String, String> kept = PersonalData.filter(h, Set.of());
    assertThat(kept.values()).containsOnly("y");
    assertThat(kept).hasSize(11);
    assertThat(PersonalData.filter(h, Set.of("protocolname"))).containsKey("ProtocolName");
  }
}
