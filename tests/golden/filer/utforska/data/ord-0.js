hubUtforskaData("48203a31cc1f","ord-0",["ett arbetssatt sa har gjorde de. kalmar kommun","ett forum ett mote.","ett forsok ett kort forsok. kalmar kommun kalmar kalmar lan omsorg"]);
